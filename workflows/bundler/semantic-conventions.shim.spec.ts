import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUNDLE_SHIMS, workflowBundleOptions } from './bundle-options';
import * as shim from './semantic-conventions.shim';

/** The OpenTelemetry packages the tracing interceptors bring into the workflow bundle (tracing.interceptors.ts). */
const BUNDLED = ['@opentelemetry/sdk-trace-base', '@opentelemetry/core', '@opentelemetry/resources'];

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return f.endsWith('.js') ? [path] : [];
  });
}

const packageDir = (pkg: string, from?: string) =>
  dirname(require.resolve(`${pkg}/package.json`, from ? { paths: [from] } : undefined));

/** The semantic conventions exactly as the bundled code would resolve them without the shim. */
const real = createRequire(join(packageDir('@opentelemetry/sdk-trace-base'), 'package.json'))(
  '@opentelemetry/semantic-conventions',
) as Record<string, unknown>;

/** Every semantic-conventions constant the bundled packages read (their CommonJS builds, which webpack bundles). */
function constantsRead(): string[] {
  const names = new Set<string>();
  for (const pkg of BUNDLED) {
    const build = join(packageDir(pkg), 'build', 'src');
    for (const file of jsFiles(build))
      for (const m of readFileSync(file, 'utf8').matchAll(/semantic_conventions_1\.([A-Z0-9_]+)/g)) names.add(m[1]);
  }
  return [...names].sort();
}

describe('the workflow bundle’s semantic-conventions shim', () => {
  it('exports every constant the bundled OpenTelemetry code reads, with the real package’s value', () => {
    const names = constantsRead();
    expect(names).toContain('SEMATTRS_EXCEPTION_MESSAGE');
    for (const name of names)
      expect({ name, value: (shim as Record<string, unknown>)[name] }).toEqual({
        name,
        value: real[name],
      });
  });

  it('replaces the package in the bundle', () => {
    const hook = workflowBundleOptions().webpackConfigHook!;
    const alias = hook({ resolve: { alias: {} } }).resolve?.alias as Record<string, string>;
    expect(alias['@opentelemetry/semantic-conventions$']).toBe(BUNDLE_SHIMS['@opentelemetry/semantic-conventions$']);
    expect(require.resolve(alias['@opentelemetry/semantic-conventions$'])).toMatch(/semantic-conventions\.shim\.ts$/);
  });
});
