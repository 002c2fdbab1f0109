import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** Projection of one obligation occurrence; idempotent on (case, code, occurrence). */
@Entity({ name: 'tasks' })
@Index('ux_tasks_occurrence', ['caseId', 'obligationCode', 'occurrence'], { unique: true })
@Index('ix_tasks_team_status_due', ['team', 'status', 'dueOn'])
// The inbox (open and overdue tasks of a team, by due date then id, first page): read in index order and stop after
// one page, so its cost stays flat as the table grows (bench: 6.5 ms → 0.15 ms for the largest team at 100k tasks).
@Index('ix_tasks_inbox', ['team', 'dueOn', 'id'], { where: `"status" IN ('open', 'overdue')` })
@Index('ix_tasks_case', ['caseId'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  team!: string;

  @Column({ name: 'obligation_code', type: 'text' })
  obligationCode!: string;

  @Column({ type: 'int' })
  occurrence!: number;

  @Column({ type: 'text' })
  kind!: string;

  /** open | overdue | met | met-late | waived | cancelled | missed (volume windows), as the engine said at the last projection. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'rule_set', type: 'text' })
  ruleSet!: string;

  /** Trial overlays only: the programme id (T4); `rule_set` then holds the programme version. */
  @Column({ type: 'text', nullable: true })
  program!: string | null;

  /** Volume windows only (T3): the target and the hours registered in the window so far. */
  @Column({ name: 'target_hours', type: 'numeric', precision: 6, scale: 2, nullable: true })
  targetHours!: string | null;

  @Column({ name: 'registered_hours', type: 'numeric', precision: 6, scale: 2, nullable: true })
  registeredHours!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text' })
  explanation!: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;

  @Column({ name: 'nominal_due_on', type: 'date' })
  nominalDueOn!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'remind_on', type: 'date', nullable: true })
  remindOn!: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  /** law-2026 M5: the occurrence exists only because MIG-2026 applied the law late; it goes to the review queue. */
  @Column({ type: 'boolean', default: false })
  backfilled!: boolean;

  /** law-2026 §L: the legal basis text of migrated rows (null before the migration). */
  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ name: 'projection_seq', type: 'int' })
  projectionSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
