/** The `frist` command-line dispatcher: usage, subcommand lookup and error reporting without stack traces. */
import { ProgrammeFileError } from '@frist/activities';
import { ConfigError } from '@frist/config';
import { type CliCommand, type CliIo, CliUsageError } from './cli-command';
import { COMMANDS } from './commands';

export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: npm run -s frist -- <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "npm run -s frist -- <command> --help" for a command\'s options.',
  ].join('\n');
}

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage(commands)}\n`);
    return 0;
  }
  if (name === undefined) {
    io.stderr(`${usage(commands)}\n`);
    return 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`frist: unknown command ${JSON.stringify(name)}\n${usage(commands)}\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${[`frist ${name}: ${error.message}`, ...configHints(error)].join('\n')}\n`);
      return 2;
    }
    if (error instanceof ProgrammeFileError) {
      io.stderr(`frist ${name}: ${error.code}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CliUsageError) {
      const [first, ...rest] = error.lines;
      io.stderr(`${[`frist ${name}: ${first}`, ...rest].join('\n')}\n`);
      return 2;
    }
    io.stderr(`frist ${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** The dev stack's read model (`npm run dev`: embedded Postgres on 54329, database frist). */
export const DEV_DATABASE_URL = 'postgres://frist:frist@127.0.0.1:54329/frist';

/** What to do about a missing setting the operator commands need (they read the read model directly). */
function configHints(error: ConfigError): string[] {
  return /DATABASE_URL: Invalid input: expected string, received undefined/.test(error.message)
    ? [
        'This command reads the database directly: set DATABASE_URL to the read model',
        `(the dev stack's: export DATABASE_URL=${DEV_DATABASE_URL}).`,
      ]
    : [];
}
