import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class WebhookSubscriptions1795688739158 implements MigrationInterface {
  name = 'WebhookSubscriptions1795688739158';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "change_id" bigint NOT NULL, "attempt" integer NOT NULL, "outcome" text NOT NULL, "http_status" integer, "error" text, "duration_ms" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_subscription_change" ON "webhook_deliveries" ("subscription_id", "change_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team" text NOT NULL, "url" text NOT NULL, "secret" text NOT NULL, "description" text, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_team" ON "webhook_subscriptions" ("team") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_team"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_subscription_change"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
  }
}
