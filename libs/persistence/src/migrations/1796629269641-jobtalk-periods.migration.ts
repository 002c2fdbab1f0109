import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class JobtalkPeriods1796629269641 implements MigrationInterface {
  name = 'JobtalkPeriods1796629269641';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_jobtalk_periods" ("case_id" uuid NOT NULL, "period_start" date NOT NULL, "team" text NOT NULL, "last_day" date NOT NULL, "held_count" integer NOT NULL, "outcome" text NOT NULL, "exempted_on" date, "exemption_reason" text, "ended_on" date, "source" text NOT NULL, "projection_seq" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53d6ee33cd989998d253aa84703" PRIMARY KEY ("case_id", "period_start"))`);
    await queryRunner.query(`CREATE INDEX "ix_case_jobtalk_periods_quota" ON "case_jobtalk_periods" ("team", "last_day", "outcome", "held_count") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_case_jobtalk_periods_quota"`);
    await queryRunner.query(`DROP TABLE "case_jobtalk_periods"`);
  }
}
