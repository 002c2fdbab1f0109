import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class EventCorrections1795687519652 implements MigrationInterface {
  name = 'EventCorrections1795687519652';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_events" ADD "corrects" text`);
    await queryRunner.query(`ALTER TABLE "case_events" ADD "retracted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "case_events" ADD "retraction_reason" text`);
    await queryRunner.query(`ALTER TABLE "case_events" ADD "replaced_by" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "replaced_by"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "retraction_reason"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "retracted_at"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "corrects"`);
  }
}
