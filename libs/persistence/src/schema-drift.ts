import { type DataSource } from 'typeorm';

/** SQL that would bring the database in line with the entities; empty when migrations and entities agree. */
export async function pendingSchemaChanges(ds: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await ds.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query) };
}

export function renderMigration(name: string, timestamp: number, up: string[], down: string[]): string {
  const className = `${name.replace(/[^A-Za-z0-9]/g, '')}${timestamp}`;
  const q = (sql: string) => `    await queryRunner.query(\`${sql.replace(/[`\\$]/g, (c) => `\\${c}`)}\`);`;
  return `import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${[...down].reverse().map(q).join('\n')}
  }
}
`;
}
