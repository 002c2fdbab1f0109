import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CaseBirthDateNullable1795698758465 implements MigrationInterface {
  name = 'CaseBirthDateNullable1795698758465';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ALTER COLUMN "birth_date" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" ALTER COLUMN "birth_date" SET NOT NULL`);
  }
}
