import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A governed change to the law frist applies (issue 14 item 4): a rule set, a local policy decision or a law
 * migration, moving draft → approved → published. Only a published change may be rolled out to running cases;
 * the approval records a jurist other than the drafter and the legal sources they checked.
 */
@Entity({ name: 'rule_changes' })
@Index('ix_rule_changes_kind_target', ['kind', 'target'])
export class RuleChangeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** rule-set | policy | migration. */
  @Column({ type: 'text' })
  kind!: string;

  /** The rule-set id, the migration id (MIG-2026), or the policy's scope (`municipality` or a team id). */
  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'text' })
  title!: string;

  /** draft | approved | published. */
  @Column({ type: 'text' })
  status!: string;

  /** What the change sets: a policy's switches and dates; a rule set's definition. */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** The dry run's totals and rows attached by the drafter, so the approver sees what applying it does. */
  @Column({ type: 'jsonb', nullable: true })
  impact!: Record<string, unknown> | null;

  @Column({ name: 'drafted_by', type: 'text' })
  draftedBy!: string;

  @Column({ name: 'drafted_at', type: 'timestamptz' })
  draftedAt!: Date;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  /** The legal sources the approver checked (never empty once approved). */
  @Column({ name: 'sources_checked', type: 'jsonb', nullable: true })
  sourcesChecked!: string[] | null;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
