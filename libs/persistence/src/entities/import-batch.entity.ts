import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One run of an import file; an unfinished batch of the same file is resumed by the next run. */
@Entity({ name: 'import_batches' })
@Index('ix_import_batches_source', ['sourceSha256'])
export class ImportBatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The file name as given (for people; the hash identifies the content). */
  @Column({ name: 'source_name', type: 'text' })
  sourceName!: string;

  @Column({ name: 'source_sha256', type: 'text' })
  sourceSha256!: string;

  @Column({ type: 'text' })
  actor!: string;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Outcome counts when finished (created, updated, unchanged, conflict, failed, rejected). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  totals!: Record<string, number>;
}
