import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Projection of one ly-jobtalk period (law-2026 O3: the engine's `periods[]`, present once a case has taken
 * MIG-2026), written by the case projection in the same transaction as the case's tasks. One row per case and
 * period start; a period whose start moved (BENEFIT_STARTED) or that vanished (a retraction) is deleted. The
 * job-talk quota (O5) is SQL over this table.
 */
@Entity({ name: 'case_jobtalk_periods' })
// The quota counts the periods of some teams whose last day falls in a date range by outcome and held count: with
// those two columns in the index the counts are an index-only scan.
@Index('ix_case_jobtalk_periods_quota', ['team', 'lastDay', 'outcome', 'heldCount'])
export class CaseJobtalkPeriodEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** S: the spell anchor. */
  @PrimaryColumn({ name: 'period_start', type: 'date' })
  periodStart!: string;

  /** The case's team (denormalised like tasks.team; follows a moved case). */
  @Column({ type: 'text' })
  team!: string;

  /** The nominal L = (S + 6 months) − 1 day; the quota's cohort is by this date. */
  @Column({ name: 'last_day', type: 'date' })
  lastDay!: string;

  /** Qualifying talks counted in [S, L] (N1.3), beyond the 4th too. */
  @Column({ name: 'held_count', type: 'int' })
  heldCount!: number;

  /**
   * exempted | met | ended-early | short | open, as the engine said at the last projection. `open` turns `short`
   * when L passes without any change to the case; the quota reads it by today's date, so that needs no projection.
   */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'exempted_on', type: 'date', nullable: true })
  exemptedOn!: string | null;

  @Column({ name: 'exemption_reason', type: 'text', nullable: true })
  exemptionReason!: string | null;

  /** The ending FLEXJOB_STARTED or CASE_CLOSED, even after L. */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'projection_seq', type: 'int' })
  projectionSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
