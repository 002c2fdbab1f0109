import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class InboxIndex1795694960318 implements MigrationInterface {
  name = 'InboxIndex1795694960318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_tasks_inbox" ON "tasks" ("team", "due_on", "id") WHERE "status" IN ('open', 'overdue')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_tasks_inbox"`);
  }
}
