import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs startTracing in a fresh Node process and lists the OpenTelemetry packages that process has loaded. */
function loadedAfterStart(endpoint: string | undefined): string[] {
  const script = `
    const { startTracing } = require(${JSON.stringify(join(__dirname, 'tracing.ts'))});
    const tracing = startTracing({ observability: { logLevel: 'warn', logFormat: 'json'${
      endpoint ? `, otlpEndpoint: ${JSON.stringify(endpoint)}` : ''
    } } }, 'worker');
    const loaded = new Set(Object.keys(require.cache).flatMap((f) => f.match(/node_modules\\/(@opentelemetry\\/[^/]+)/)?.[1] ?? []));
    process.stdout.write(JSON.stringify([...loaded].sort()));
    void tracing?.shutdown();
  `;
  const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: join(__dirname, '..', '..', '..'),
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

describe('startTracing', () => {
  it('loads no OpenTelemetry SDK, exporter or instrumentation in a process that does not trace', () => {
    expect(loadedAfterStart(undefined)).toEqual([]);
  }, 60_000);

  it('loads the exporter and the instrumentations where an OTLP endpoint is configured', () => {
    expect(loadedAfterStart('http://127.0.0.1:4318')).toEqual(
      expect.arrayContaining([
        '@opentelemetry/exporter-trace-otlp-http',
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-pg',
        '@opentelemetry/sdk-trace-node',
      ]),
    );
  }, 60_000);
});
