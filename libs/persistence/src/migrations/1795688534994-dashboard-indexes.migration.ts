import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class DashboardIndexes1795688534994 implements MigrationInterface {
  name = 'DashboardIndexes1795688534994';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_case_events_type_date" ON "case_events" ("type", "event_date") `);
    await queryRunner.query(`CREATE INDEX "ix_case_events_case_type_date" ON "case_events" ("case_id", "type", "event_date") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_case_events_case_type_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_case_events_type_date"`);
  }
}
