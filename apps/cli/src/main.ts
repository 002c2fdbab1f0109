/**
 * Entry point. In development `npm run -s frist -- <command> …` runs this file through `@swc-node/register`; in the
 * image `node dist/apps/cli/src/main.js <command> …` runs its build with production dependencies only.
 */
import { readFileSync } from 'node:fs';
import { type CliIo } from './cli-command';
import { runCli } from './cli';

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  cwd: process.env.INIT_CWD ?? process.cwd(),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`frist: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
