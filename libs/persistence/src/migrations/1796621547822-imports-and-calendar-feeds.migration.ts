import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ImportsAndCalendarFeeds1796621547822 implements MigrationInterface {
  name = 'ImportsAndCalendarFeeds1796621547822';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner" text NOT NULL, "token_sha256" text NOT NULL, "kind" text NOT NULL, "team" text, "teams" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_44a8b516696b1cbcd6fd3eceae4" UNIQUE ("token_sha256"), CONSTRAINT "PK_045067d8bb57f971f3c5426ea71" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_calendar_feeds_owner" ON "calendar_feeds" ("owner") `);
    await queryRunner.query(`CREATE TABLE "import_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_name" text NOT NULL, "source_sha256" text NOT NULL, "actor" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "totals" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_6162597a2576c03e04bb2c1a2dd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_import_batches_source" ON "import_batches" ("source_sha256") `);
    await queryRunner.query(`CREATE TABLE "imported_cases" ("case_id" uuid NOT NULL, "batch_id" uuid NOT NULL, "content_sha256" text NOT NULL, "source_line" integer NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f828cda5165e8a19c4233a8e307" PRIMARY KEY ("case_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_imported_cases_batch" ON "imported_cases" ("batch_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_imported_cases_batch"`);
    await queryRunner.query(`DROP TABLE "imported_cases"`);
    await queryRunner.query(`DROP INDEX "public"."ix_import_batches_source"`);
    await queryRunner.query(`DROP TABLE "import_batches"`);
    await queryRunner.query(`DROP INDEX "public"."ix_calendar_feeds_owner"`);
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
  }
}
