import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A case whose workflow could not evaluate or project its last change (a poison event, a broken fact, a refused
 * projection). Written by the worker's reportCaseAttention local activity and removed when the case recovers; the
 * ops view lists these rows. No personal data: ids, a code, the stage and a non-personal reason.
 */
@Entity({ name: 'case_attention' })
export class CaseAttentionEntity {
  /** No foreign key: a case whose first evaluation failed has no cases row yet. */
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  team!: string;

  /** ENGINE_FAILED | PROJECTION_REJECTED. */
  @Column({ type: 'text' })
  code!: string;

  /** evaluate | project. */
  @Column({ type: 'text' })
  stage!: string;

  /** Non-personal detail: a SQLSTATE, the engine's error code. */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  since!: Date;

  /** Failed changes in a row since `since`. */
  @Column({ type: 'int' })
  failures!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
