import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class LawMigrationTaskColumns1796622350907 implements MigrationInterface {
  name = 'LawMigrationTaskColumns1796622350907';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "backfilled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "legal_basis" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "legal_basis"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "backfilled"`);
  }
}
