import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class TaskChangeOutbox1795687600792 implements MigrationInterface {
  name = 'TaskChangeOutbox1795687600792';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_changes" ("id" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "team" text NOT NULL, "task_id" uuid, "obligation_code" text NOT NULL, "occurrence" integer NOT NULL, "change" text NOT NULL, "status" text NOT NULL, "due_on" date NOT NULL, "projection_seq" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c3bf1a671cd868b1833b955d404" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_task_changes_team_id" ON "task_changes" ("team", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_task_changes_team_id"`);
    await queryRunner.query(`DROP TABLE "task_changes"`);
  }
}
