/**
 * Writes the committed example import files (docs/examples/import): 240 cases, every 20th fleksjob case
 * deliberately invalid, and the import formats' JSON Schemas (docs/schemas). Deterministic: `npm run import-example` rewrites them byte for byte.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCaseload, toEventCsv, toJsonLines } from './caseload-generator';

import { EXAMPLE_DIR, EXAMPLE_OPTIONS, SCHEMA_DIR } from './example-options';
import { importCaseSchema, importEventRowSchema } from './import-schemas';

const dir = EXAMPLE_DIR;
const lines = generateCaseload(EXAMPLE_OPTIONS);
writeFileSync(join(dir, 'caseload.jsonl'), toJsonLines(lines));
writeFileSync(join(dir, 'caseload-events.csv'), toEventCsv(lines));
writeFileSync(join(SCHEMA_DIR, 'import-case.schema.json'), `${JSON.stringify(importCaseSchema(), null, 2)}\n`);
writeFileSync(
  join(SCHEMA_DIR, 'import-events-csv.schema.json'),
  `${JSON.stringify(importEventRowSchema(), null, 2)}\n`,
);
const invalid = lines.filter((l) => l.invalid).map((l) => l.invalid);
process.stdout.write(`wrote ${lines.length} cases (${invalid.length} invalid: ${invalid.join(', ')}) to ${dir}\n`);
