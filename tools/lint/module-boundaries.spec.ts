import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');

/** ESLint in its own process (Jest's VM can't load its config); the code is linted as if it were that existing file. */
async function lint(file: string, code: string): Promise<string[]> {
  const child = promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
    { cwd: root },
  );
  child.child.stdin?.end(code);
  const { stdout } = await child.catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  const [result] = JSON.parse(stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

/** The architecture's import arrows are enforced by lint, so a forbidden import fails CI. */
describe('module boundaries', () => {
  jest.setTimeout(240_000); // five type-aware ESLint runs; slow on a loaded 2-core machine
  // The Nx rule reads the cached project graph and skips itself without one: compute it, as scripts/lint.sh does.
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules', '.bin', 'nx'), 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  });

  it('enforces the Nx tag rules themselves (not only the import bans)', async () => {
    // Contracts may depend on the domain only; nothing but the Nx rule forbids this import.
    const messages = await lint(
      'libs/contracts/src/index.ts',
      "import { WebhookActivities } from '@frist/activities';\nexport type X = WebhookActivities;\n",
    );
    expect(messages).toContainEqual(expect.stringMatching(/^@nx\/enforce-module-boundaries: /));
  });

  it('rejects I/O in the engine', async () => {
    const messages = await lint(
      'libs/obligations/src/index.ts',
      "import { createDataSource } from '@frist/persistence';\nexport const x = createDataSource;\n",
    );
    expect(messages.join('\n')).toMatch(/enforce-module-boundaries|no-restricted-imports/);
  });

  it('rejects Node builtins in workflow code', async () => {
    const messages = await lint(
      'workflows/src/index.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*Node builtins are not allowed/);
  });

  it('rejects test infrastructure in production code', async () => {
    const messages = await lint(
      'apps/api/src/main.ts',
      "import { createTestDatabase } from '@frist/testing';\nexport const x = createTestDatabase;\n",
    );
    expect(messages.join('\n')).toMatch(/Only tests, tools and benchmarks may use @frist\/testing/);
  });

  it('rejects a floating promise', async () => {
    const messages = await lint(
      'apps/api/src/main.ts',
      'async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n',
    );
    expect(messages.join('\n')).toMatch(/no-floating-promises/);
  });
});
