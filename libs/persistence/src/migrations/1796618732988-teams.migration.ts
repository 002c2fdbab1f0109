import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Teams1796618732988 implements MigrationInterface {
  name = 'Teams1796618732988';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "teams" ("id" character varying(63) NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`);
    // Every team that already holds cases stays a valid target; its display name is the id until renamed.
    await queryRunner.query(`INSERT INTO "teams" ("id", "name") SELECT DISTINCT "team", "team" FROM "cases"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "teams"`);
  }
}
