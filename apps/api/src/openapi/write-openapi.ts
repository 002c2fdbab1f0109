/** `npm run openapi`: writes openapi.json from the code (no database or Temporal needed). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@frist/config';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi.document';

export const OPENAPI_FILE = join(__dirname, '..', '..', '..', '..', 'openapi.json');

/** Preview mode builds the module graph without instantiating providers, so nothing connects anywhere. */
export async function generateOpenApi(): Promise<object> {
  const config = loadConfig({ DATABASE_URL: 'postgres://openapi@127.0.0.1:9/none', NODE_ENV: 'development' });
  const app = await NestFactory.create(AppModule.forConfig(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const doc = await generateOpenApi();
  // Loaded here only: prettier's dynamic imports do not run inside Jest's module system.
  const { format, resolveConfig } = await import('prettier');
  const text = await format(JSON.stringify(doc), { ...(await resolveConfig(OPENAPI_FILE)), parser: 'json' });
  writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${OPENAPI_FILE}`);
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
