import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS } from '@frist/contracts';

/** The web UI's label catalog (a plain ES module without imports), evaluated as the browser would. */
function webLabels(): { AUDIT_ACTION: Record<string, string> } {
  const source = readFileSync(join(__dirname, 'assets', 'labels.js'), 'utf8');
  expect(source).not.toMatch(/^import /m);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- our own file, read from the repository
  return new Function(`${source.replace(/^export /gm, '')}\nreturn { AUDIT_ACTION };`)() as {
    AUDIT_ACTION: Record<string, string>;
  };
}

describe('audit trail in Danish words', () => {
  it('has a Danish label for every action any writer can record', () => {
    const { AUDIT_ACTION } = webLabels();
    const missing = AUDIT_ACTIONS.filter((a) => !AUDIT_ACTION[a]);
    expect(missing).toEqual([]);
    for (const a of AUDIT_ACTIONS) expect(AUDIT_ACTION[a]).not.toMatch(/[A-Z]{2,}_|_/);
  });

  it('finds no writer of audit_entries that bypasses the typed list', () => {
    // Every writer passes its action as a parameter typed AuditAction; an action written into the SQL text would
    // escape the type check (and the label check above), so none may be there.
    const root = join(__dirname, '..', '..', '..', '..');
    const writers = ['libs', 'activities', 'apps', 'workflows', 'tools'].flatMap((dir) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[])
        .filter(
          (f) => f.endsWith('.ts') && !/(spec|e2e-spec|integration-spec)\.ts$/.test(f) && !f.includes('migrations'),
        )
        .map((f) => join(dir, f))
        .filter((f) => readFileSync(join(root, f), 'utf8').includes('INSERT INTO audit_entries')),
    );
    expect(writers.sort()).toEqual([
      join('activities', 'src', 'case-import', 'case-import.runner.ts'),
      join('activities', 'src', 'case-projection.activities.ts'),
      join('apps', 'api', 'src', 'audit', 'audit.service.ts'),
    ]);
    for (const file of writers) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text).toContain('AuditAction');
      for (const sql of text.match(/INSERT INTO audit_entries[^`]*`/g) ?? []) expect(sql).not.toMatch(/'[A-Z_]+'/);
    }
  });
});
