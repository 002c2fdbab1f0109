import type { Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one data source definition, shared by the API, the worker, the migration tool and tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'typeorm_migrations',
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}

/**
 * The `pg` pool under a PostgreSQL data source, for a hot read that needs neither entities nor TypeORM's query runner
 * (acquiring one, timing and logging the query cost the inbox ~2 % of its CPU). Errors are `pg`'s own, not
 * QueryFailedError.
 */
export function pgPool(ds: DataSource): Pool {
  const pool = (ds.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('pgPool: the data source is not an initialized PostgreSQL data source');
  return pool;
}
