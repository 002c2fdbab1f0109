import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CaseType1795694043796 implements MigrationInterface {
  name = 'CaseType1795694043796';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ADD "case_type" text NOT NULL DEFAULT 'fleksjob'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "case_type"`);
  }
}
