import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Outbox of task changes, written in the projection's transaction. The change feed (SSE), outgoing webhooks and the
 * projection-lag metric read it in id order; nothing else writes it.
 */
@Entity({ name: 'task_changes' })
@Index('ix_task_changes_team_id', ['team', 'id'])
export class TaskChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  team!: string;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  @Column({ name: 'obligation_code', type: 'text' })
  obligationCode!: string;

  @Column({ type: 'int' })
  occurrence!: number;

  /** created | updated | removed */
  @Column({ type: 'text' })
  change!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'projection_seq', type: 'int' })
  projectionSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
