import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Initial1795686793936 implements MigrationInterface {
  name = 'Initial1795686793936';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_entries" ("id" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text, "action" text NOT NULL, "details" jsonb NOT NULL, "dedupe_key" text, CONSTRAINT "UQ_d1e0ad4f74cf765d7b9e1fa8391" UNIQUE ("dedupe_key"), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_case_at" ON "audit_entries" ("case_id", "at") `);
    await queryRunner.query(`CREATE TABLE "case_events" ("id" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "event_id" text NOT NULL, "type" text NOT NULL, "event_date" date NOT NULL, "fields" jsonb NOT NULL, "actor" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_case_events_case_event_id" ON "case_events" ("case_id", "event_id") `);
    await queryRunner.query(`CREATE TABLE "cases" ("id" uuid NOT NULL, "citizen_ref" text NOT NULL, "team" text NOT NULL, "birth_date" date NOT NULL, "phase" text NOT NULL DEFAULT 'PRE', "next_due_on" date, "overdue_count" integer NOT NULL DEFAULT '0', "closed_on" date, "projection_seq" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_cases_team_phase" ON "cases" ("team", "phase") `);
    await queryRunner.query(`CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "team" text NOT NULL, "obligation_code" text NOT NULL, "occurrence" integer NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "title" text NOT NULL, "rule_set" text NOT NULL, "source" text NOT NULL, "explanation" text NOT NULL, "started_on" date NOT NULL, "nominal_due_on" date NOT NULL, "due_on" date NOT NULL, "remind_on" date, "closed_on" date, "assignee" text, "projection_seq" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_tasks_case" ON "tasks" ("case_id") `);
    await queryRunner.query(`CREATE INDEX "ix_tasks_team_status_due" ON "tasks" ("team", "status", "due_on") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_tasks_occurrence" ON "tasks" ("case_id", "obligation_code", "occurrence") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_tasks_occurrence"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tasks_team_status_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tasks_case"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_team_phase"`);
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`DROP INDEX "public"."ux_case_events_case_event_id"`);
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_case_at"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
  }
}
