import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
/** One subcommand of the `frist` CLI. Commands write through CliIo so they can be tested in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  /** Directory relative paths are resolved against (npm run changes cwd; INIT_CWD keeps the caller's). */
  cwd: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code: 0 ok, 2 invalid input or usage, 1 anything else. */
  run(args: readonly string[], io: CliIo): number | Promise<number>;
}

/** Bad arguments or input: reported as lines on stderr with exit code 2, never with a stack trace. */
export class CliUsageError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'CliUsageError';
  }
}

type CommandOptions = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * A command's arguments through `node:util` parseArgs (strict: unknown options and missing values throw), with
 * `--help`/`-h` added; what it refuses is reported as a one-line usage error followed by the command's usage text.
 * Positional arguments (subcommands, files) are refused unless `positionals` is set.
 */
export function parseCommandArgs<const O extends CommandOptions>(
  usage: string,
  args: readonly string[],
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: positionals,
      options: { ...options, ...HELP },
    });
  } catch (error) {
    throw new CliUsageError([argumentProblem(error), usage]);
  }
}

/** parseArgs' error codes in the CLI's own words (its messages also suggest `--` tricks that do not apply here). */
function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return message.includes('does not take an argument') ? `${option} takes no value` : `${option} needs a value`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${/'([^']*)'/.exec(message)?.[1]}`;
  return message;
}

/** An integer option within [min, max]; absent → undefined; anything else a usage error. */
export function integerOption(
  value: string | undefined,
  name: string,
  [min, max]: readonly [number, number],
  usage: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new CliUsageError([`${name} must be an integer ${min}-${max}`, usage]);
  return n;
}

/** A file argument read through `io`: relative to the caller's directory, `-` = stdin; unreadable = a usage error. */
export function readFileArgument(file: string, io: CliIo): { path: string; text: string } {
  const path = file === '-' ? '/dev/stdin' : isAbsolute(file) ? file : resolve(io.cwd, file);
  try {
    return { path, text: io.readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError([`cannot read ${file}${code ? ` (${code})` : ''}`]);
  }
}
