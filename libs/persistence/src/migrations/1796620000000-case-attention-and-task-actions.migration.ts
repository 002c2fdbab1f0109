import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CaseAttentionAndTaskActions1796620000000 implements MigrationInterface {
  name = 'CaseAttentionAndTaskActions1796620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_attention" ("case_id" uuid NOT NULL, "team" text NOT NULL, "code" text NOT NULL, "stage" text NOT NULL, "reason" text NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL, "failures" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99d5f2ecc30e349f72682bc9d41" PRIMARY KEY ("case_id"))`);
    await queryRunner.query(`CREATE TABLE "task_actions" ("case_id" uuid NOT NULL, "event_id" text NOT NULL, "task_id" uuid NOT NULL, "content" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_46901d4b71668d8b84147210005" PRIMARY KEY ("case_id", "event_id"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_actions"`);
    await queryRunner.query(`DROP TABLE "case_attention"`);
  }
}
