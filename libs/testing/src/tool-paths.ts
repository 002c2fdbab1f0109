import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tool paths scripts/ensure-tools.sh recorded in .cache/tools/env. */
function recordedToolPaths(): Record<string, string> {
  const file = join(__dirname, '..', '..', '..', '.cache', 'tools', 'env');
  const fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [k, ...v] = line.split('=');
      if (k && v.length) fromFile[k] = v.join('=');
    }
  }
  return fromFile;
}

/** The Schemathesis CLI (`st`) obtained by scripts/ensure-tools.sh (or named by SCHEMATHESIS_PATH). */
export function schemathesisPath(): string {
  const st = process.env.SCHEMATHESIS_PATH ?? recordedToolPaths().SCHEMATHESIS_PATH;
  if (!st || !existsSync(st))
    throw new Error('Schemathesis not found: run `bash scripts/ensure-tools.sh` (npm test does it for you).');
  return st;
}

/** The Python with PyPI's icalendar (scripts/ensure-tools.sh), the independent parser for the calendar feed tests. */
export function icalendarPython(): string {
  const python = process.env.ICALENDAR_PYTHON ?? recordedToolPaths().ICALENDAR_PYTHON;
  if (!python || !existsSync(python))
    throw new Error('icalendar not installed: run `bash scripts/ensure-tools.sh` (npm test does it for you).');
  return python;
}

/** Paths of the Temporal binaries obtained by scripts/ensure-tools.sh (or named by the environment). */
export function temporalToolPaths(): { cli: string; testServer: string } {
  const fromFile = recordedToolPaths();
  const cli = process.env.TEMPORAL_CLI_PATH ?? fromFile.TEMPORAL_CLI_PATH;
  const testServer = process.env.TEMPORAL_TEST_SERVER_PATH ?? fromFile.TEMPORAL_TEST_SERVER_PATH;
  if (!cli || !testServer || !existsSync(cli) || !existsSync(testServer)) {
    throw new Error('Temporal binaries not found: run `bash scripts/ensure-tools.sh` (npm test does it for you).');
  }
  return { cli, testServer };
}
