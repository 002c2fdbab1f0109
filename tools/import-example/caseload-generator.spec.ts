import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImportCase, readImportFile } from '@frist/activities';
import { generateCaseload, toEventCsv, toJsonLines } from './caseload-generator';
import { EXAMPLE_DIR, EXAMPLE_OPTIONS, SCHEMA_DIR } from './example-options';
import { importCaseSchema, importEventRowSchema } from './import-schemas';

describe('the committed example import files', () => {
  const lines = generateCaseload(EXAMPLE_OPTIONS);

  it('are exactly what the generator writes (regenerate with npm run import-example)', () => {
    expect(readFileSync(join(EXAMPLE_DIR, 'caseload.jsonl'), 'utf8')).toBe(toJsonLines(lines));
    expect(readFileSync(join(EXAMPLE_DIR, 'caseload-events.csv'), 'utf8')).toBe(toEventCsv(lines));
  });

  it('have published JSON Schemas generated from the engine’s event vocabulary', () => {
    const caseSchema = importCaseSchema();
    expect(readFileSync(join(SCHEMA_DIR, 'import-case.schema.json'), 'utf8')).toBe(
      `${JSON.stringify(caseSchema, null, 2)}\n`,
    );
    expect(readFileSync(join(SCHEMA_DIR, 'import-events-csv.schema.json'), 'utf8')).toBe(
      `${JSON.stringify(importEventRowSchema(), null, 2)}\n`,
    );
    const defs = caseSchema.$defs as Record<string, { anyOf: { title: string; required: string[] }[] }>;
    const contact = defs.fleksjobEvent.anyOf.find((e) => e.title === 'CONTACT_HELD');
    expect(contact?.required).toEqual(['eventId', 'type', 'date', 'form']);
  });

  it('hold at least 200 cases, and every deliberately invalid one is rejected while the rest are accepted', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
    const checks = readImportFile(toJsonLines(lines), 'jsonl').map((r) => checkImportCase(r, { today: '2026-12-07' }));
    const rejectedLines = checks.filter((c) => c.status === 'rejected').map((c) => c.line);
    const invalidLines = lines.flatMap((l, i) => (l.invalid ? [i + 1] : []));
    expect(invalidLines.length).toBeGreaterThanOrEqual(9);
    expect(rejectedLines).toEqual(invalidLines);
  });
});
