import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One delivery attempt of one task change to one subscription; retries are further rows (append-only log). */
@Entity({ name: 'webhook_deliveries' })
@Index('ix_webhook_deliveries_subscription_change', ['subscriptionId', 'changeId'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** No foreign key: the log outlives a deleted subscription. */
  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  /** task_changes.id, also the `id` of the payload, so a receiver can drop duplicates. */
  @Column({ name: 'change_id', type: 'bigint' })
  changeId!: string;

  @Column({ type: 'int' })
  attempt!: number;

  /** delivered | failed */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
