import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');

interface ProjectJson {
  name: string;
  sourceRoot?: string;
  targets?: Record<string, { options?: { command?: string; cwd?: string }; outputs?: string[] }>;
}

/** Every project.json in the repository (tracked or new, never in node_modules). */
function projectFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*project.json'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !f.startsWith('node_modules/') && existsSync(join(root, f)));
}

/** Flags of jest and eslint that take the next word as their value. */
const VALUE_FLAGS = new Set(['--max-warnings', '--selectProjects', '--config', '-c', '--format', '-f']);

/** The operands of a run-commands target's jest/eslint command: the paths it runs on (flags and values dropped). */
function commandPaths(command: string): string[] {
  const [tool, ...args] = command.split(/\s+/);
  if (tool !== 'jest' && tool !== 'eslint') throw new Error(`no path rule for the command "${command}"`);
  return args.filter((a, i) => !a.startsWith('-') && !VALUE_FLAGS.has(args[i - 1] ?? ''));
}

/** Nx resolves paths from project.json as written: a stale one points a target at nothing and it passes empty. */
describe('Nx project paths', () => {
  const projects = projectFiles().map((file) => ({
    file,
    root: dirname(file),
    json: JSON.parse(readFileSync(join(root, file), 'utf8')) as ProjectJson,
  }));

  it('finds the projects', () => {
    expect(projects.map((p) => p.json.name)).toEqual(
      expect.arrayContaining(['api', 'worker', 'cli', 'obligations', 'persistence', 'testing', 'tools', 'workflows']),
    );
  });

  it('has a unique name per project, a sourceRoot inside its own folder that exists', () => {
    const names = projects.map((p) => p.json.name);
    expect(new Set(names).size).toBe(names.length);
    const problems = projects.flatMap(({ file, root: projectRoot, json }) => {
      if (!json.sourceRoot) return [`${file}: no sourceRoot`];
      if (json.sourceRoot !== projectRoot && !json.sourceRoot.startsWith(`${projectRoot}/`))
        return [`${file}: sourceRoot ${json.sourceRoot} is outside ${projectRoot}`];
      return existsSync(join(root, json.sourceRoot)) ? [] : [`${file}: sourceRoot ${json.sourceRoot} does not exist`];
    });
    expect(problems).toEqual([]);
  });

  it("runs every target's command on paths that exist, inside the project", () => {
    const problems = projects.flatMap(({ file, root: projectRoot, json }) =>
      Object.entries(json.targets ?? {}).flatMap(([target, t]) => {
        const command = t.options?.command;
        if (!command) return [`${file} ${target}: no command`];
        if (t.options?.cwd !== '{workspaceRoot}') return [`${file} ${target}: cwd is not {workspaceRoot}`];
        const paths = commandPaths(command);
        if (paths.length === 0) return [`${file} ${target}: "${command}" names no path`];
        return paths.flatMap((p) => [
          ...(existsSync(join(root, p)) ? [] : [`${file} ${target}: ${p} does not exist`]),
          ...(p === projectRoot || p.startsWith(`${projectRoot}/`)
            ? []
            : [`${file} ${target}: ${p} is outside ${projectRoot}`]),
        ]);
      }),
    );
    expect(problems).toEqual([]);
  });
});
