import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only timeline of a case as accepted by its workflow. */
@Entity({ name: 'case_events' })
@Index('ux_case_events_case_event_id', ['caseId', 'eventId'], { unique: true })
// Dashboard: a case's latest event of some types (contact share, passivity watch list); fleksjob starts by date.
@Index('ix_case_events_case_type_date', ['caseId', 'type', 'eventDate'])
@Index('ix_case_events_type_date', ['type', 'eventDate'])
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** Client-supplied idempotency key. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'event_date', type: 'date' })
  eventDate!: string;

  /** The event's own fields (form, recommendation, reason, …). */
  @Column({ type: 'jsonb' })
  fields!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** The eventId this event corrects, if it is a correction. */
  @Column({ type: 'text', nullable: true })
  corrects!: string | null;

  /** Retracted or replaced events stay in the timeline, marked, and no longer count. */
  @Column({ name: 'retracted_at', type: 'timestamptz', nullable: true })
  retractedAt!: Date | null;

  @Column({ name: 'retraction_reason', type: 'text', nullable: true })
  retractionReason!: string | null;

  @Column({ name: 'replaced_by', type: 'text', nullable: true })
  replacedBy!: string | null;
}
