import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only trail of a rule change: drafted, approved, published, rollout started (who, when, what). */
@Entity({ name: 'rule_change_audit' })
@Index('ix_rule_change_audit_change_at', ['changeId', 'at'])
export class RuleChangeAuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'change_id', type: 'uuid' })
  changeId!: string;

  /** drafted | approved | published | applied. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  actor!: string;

  /** The actor's role as the verified token said (jurist, manager, ops), or `cli` for the operator's rollout. */
  @Column({ type: 'text' })
  role!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
