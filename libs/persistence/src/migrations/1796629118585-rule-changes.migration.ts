import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class RuleChanges1796629118585 implements MigrationInterface {
  name = 'RuleChanges1796629118585';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rule_change_audit" ("id" BIGSERIAL NOT NULL, "change_id" uuid NOT NULL, "action" text NOT NULL, "actor" text NOT NULL, "role" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "details" jsonb NOT NULL, CONSTRAINT "PK_170a05ce64569b344e4f8a6c3d7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_rule_change_audit_change_at" ON "rule_change_audit" ("change_id", "at") `);
    await queryRunner.query(`CREATE TABLE "rule_changes" ("id" uuid NOT NULL, "kind" text NOT NULL, "target" text NOT NULL, "title" text NOT NULL, "status" text NOT NULL, "payload" jsonb NOT NULL, "impact" jsonb, "drafted_by" text NOT NULL, "drafted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved_by" text, "approved_at" TIMESTAMP WITH TIME ZONE, "sources_checked" jsonb, "published_by" text, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4a64d8b4405efba72674c8a8149" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_rule_changes_kind_target" ON "rule_changes" ("kind", "target") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_rule_changes_kind_target"`);
    await queryRunner.query(`DROP TABLE "rule_changes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rule_change_audit_change_at"`);
    await queryRunner.query(`DROP TABLE "rule_change_audit"`);
  }
}
