import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A team's outgoing webhook: every task change of the team is POSTed to `url`, signed with `secret`. */
@Entity({ name: 'webhook_subscriptions' })
@Index('ix_webhook_subscriptions_team', ['team'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  team!: string;

  @Column({ type: 'text' })
  url!: string;

  /** HMAC-SHA256 key; the receiver holds the same value. Kept readable because signing needs it. */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
