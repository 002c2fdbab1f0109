import { Client, Connection } from '@temporalio/client';
import { fristDataConverter } from '@frist/codec';
import { TrialCatalogue } from '@frist/activities';
import { loadConfig, loadRulesConfig, type AppConfig } from '@frist/config';
import { createDataSource } from '@frist/persistence';
import type { DataSource } from 'typeorm';

/** The installation's trial catalogue: the published programmes and the files in ADOPTED_PROGRAMMES. */
export function trialCatalogue(): TrialCatalogue {
  return TrialCatalogue.fromFiles(loadRulesConfig().adoptedProgrammeFiles);
}

/** A Temporal client as the api and worker configure it (address, namespace, payload codec), closed after `work`. */
export async function withTemporal<T>(work: (client: Client, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: fristDataConverter(config.temporal.encryption),
    });
    return await work(client, config);
  } finally {
    await connection.close();
  }
}

/** withTemporal plus the database (a pool of `poolSize`), for the commands that drive cases and read the read model. */
export function withTemporalAndDatabase<T>(
  poolSize: number,
  work: (client: Client, ds: DataSource, config: AppConfig) => Promise<T>,
): Promise<T> {
  return withTemporal(async (client, config) => {
    const ds = createDataSource(config.database.url, poolSize);
    await ds.initialize();
    try {
      return await work(client, ds, config);
    } finally {
      await ds.destroy();
    }
  });
}
