import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Projection of one trial enrolment (trials-and-sygedagpenge.md T4: the engine's `enrolments[]`), written by the
 * case projection in the same transaction as the case's tasks. One row per case and programme (T2 rule 1 allows
 * one enrolment per programme prefix); a retracted assignment removes the row.
 */
@Entity({ name: 'case_enrolments' })
// The managers' KPIs read one programme's enrolments of some teams.
@Index('ix_case_enrolments_program_team', ['program', 'team'])
export class CaseEnrolmentEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** Programme id, e.g. `aht-2009`. */
  @PrimaryColumn({ type: 'text' })
  program!: string;

  /** participant | control. */
  @Column({ type: 'text' })
  arm!: string;

  /** The case's team (denormalised like tasks.team; follows a moved case). */
  @Column({ type: 'text' })
  team!: string;

  /** The programme version in force on the assignment date (T2 rule 4). */
  @Column({ type: 'text' })
  version!: string;

  /** T: the randomisation date. */
  @Column({ name: 'assigned_on', type: 'date' })
  assignedOn!: string;

  /** L = T + periodMonths − 1 day. */
  @Column({ name: 'last_day_on', type: 'date' })
  lastDayOn!: string;

  /** active | completed | exempted | ended, as the engine said at the last projection. */
  @Column({ type: 'text' })
  status!: string;

  /** Exemption date, early end, or L + 1 for a completed enrolment. */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  /** period-ended | flexjob | returned-to-work | case-closed | exempted (Z6). */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  /** Fritagelse reason code (U3) when exempted. */
  @Column({ name: 'exemption_reason', type: 'text', nullable: true })
  exemptionReason!: string | null;

  @Column({ name: 'projection_seq', type: 'int' })
  projectionSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
