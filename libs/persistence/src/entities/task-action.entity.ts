import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A task action (complete, waive) that passed its If-Match check and bumped the task's version, keyed by the event
 * it sends. A retry with the same eventId (e.g. after a timeout, before the event reached the read model) finds it
 * here and is sent on without a second ETag check, so it answers as the first attempt would have. Removed once the
 * event is in the read model, where later retries find it.
 */
@Entity({ name: 'task_actions' })
export class TaskActionEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  /** Canonical JSON of the submitted event: a retry with other content is an eventId conflict. */
  @Column({ type: 'text' })
  content!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
