import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class TrialEnrolments1795698785551 implements MigrationInterface {
  name = 'TrialEnrolments1795698785551';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_enrolments" ("case_id" uuid NOT NULL, "program" text NOT NULL, "arm" text NOT NULL, "team" text NOT NULL, "version" text NOT NULL, "assigned_on" date NOT NULL, "last_day_on" date NOT NULL, "status" text NOT NULL, "ended_on" date, "outcome" text, "exemption_reason" text, "projection_seq" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_daac0d91119b009d30f4b50bac1" PRIMARY KEY ("case_id", "program"))`);
    await queryRunner.query(`CREATE INDEX "ix_case_enrolments_program_team" ON "case_enrolments" ("program", "team") `);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "program" text`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "target_hours" numeric(6,2)`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "registered_hours" numeric(6,2)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "registered_hours"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "target_hours"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "program"`);
    await queryRunner.query(`DROP INDEX "public"."ix_case_enrolments_program_team"`);
    await queryRunner.query(`DROP TABLE "case_enrolments"`);
  }
}
