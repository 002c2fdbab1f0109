import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The last imported content of a case: a re-run whose case has the same hash is skipped without touching
 * Temporal, which is also how a run resumes after a crash.
 */
@Entity({ name: 'imported_cases' })
@Index('ix_imported_cases_batch', ['batchId'])
export class ImportedCaseEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId!: string;

  @Column({ name: 'content_sha256', type: 'text' })
  contentSha256!: string;

  @Column({ name: 'source_line', type: 'int' })
  sourceLine!: number;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
