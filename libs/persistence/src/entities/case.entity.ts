import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Read model of one case; the case workflow `case-<id>` is the source of truth. */
@Entity({ name: 'cases' })
@Index('ix_cases_team_phase', ['team', 'phase'])
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Opaque reference to the citizen in the fagsystem; never a CPR number. */
  @Column({ name: 'citizen_ref', type: 'text' })
  citizenRef!: string;

  @Column({ type: 'text' })
  team!: string;

  /** fleksjob | sygedagpenge: decides the event vocabulary and the rule sets. */
  @Column({ name: 'case_type', type: 'text', default: 'fleksjob' })
  caseType!: string;

  /** fleksjob only; a sygedagpenge case stores no personal fact (trials-and-sygedagpenge.md H2): NULL. */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ type: 'text', default: 'PRE' })
  phase!: string;

  @Column({ name: 'next_due_on', type: 'date', nullable: true })
  nextDueOn!: string | null;

  @Column({ name: 'overdue_count', type: 'int', default: 0 })
  overdueCount!: number;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  /** Highest workflow projection sequence applied; makes projection idempotent and ordered. */
  @Column({ name: 'projection_seq', type: 'int', default: 0 })
  projectionSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
