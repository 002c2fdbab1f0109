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
