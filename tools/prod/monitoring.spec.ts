import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Every metric name frist registers: the `'frist_…'` string literals of production code (prom-client names). */
function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir))) {
      const path = join(dir, entry);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.ts$/.test(entry) && !/(spec|fixture)\.ts$/.test(entry))
        for (const m of read(path).matchAll(/'(frist_[a-z_]+)'/g)) names.add(m[1]);
    }
  };
  for (const dir of ['apps', 'libs', 'activities']) walk(dir);
  return names;
}

/** frist_* series a PromQL expression reads (histogram suffixes stripped). */
const fristSeries = (expr: string) =>
  [...expr.matchAll(/\b(frist_[a-z_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, ''));

/** temporal_* series a PromQL expression reads, as the SDK core names them (prefix, `_total`, histogram suffixes off). */
const sdkSeries = (expr: string) =>
  [...expr.matchAll(/\btemporal_([a-z_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum|total)$/, ''));

/**
 * The metric names the Temporal SDK core registers: string constants of its native library (the exporter adds the
 * `temporal_` prefix, `_total` to counters and the histogram suffixes, as the worker configures it).
 */
function sdkCoreLibrary(): string {
  const dir = join(root, 'node_modules', '@temporalio', 'core-bridge', 'releases');
  const release = readdirSync(dir).find((d) => d.startsWith(`${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-`));
  return readFileSync(join(dir, release ?? '', 'index.node')).toString('latin1');
}

/** The dashboard and the alerts an on-call person gets must read metrics that frist really exports. */
describe('monitoring: Grafana dashboard and Prometheus alerts', () => {
  const registered = registeredMetrics();
  const alerts = parse(read('deploy/prometheus/frist-alerts.yml')) as {
    groups: { rules: { alert: string; expr: string; annotations: Record<string, string> }[] }[];
  };
  const rules = alerts.groups.flatMap((g) => g.rules);
  const dashboard = JSON.parse(read('deploy/grafana/frist-dashboard.json')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };

  it('finds the registered metrics it checks against', () => {
    expect([...registered]).toEqual(
      expect.arrayContaining(['frist_projection_lag_seconds', 'frist_activity_failures_total', 'frist_read_model_up']),
    );
  });

  it('alerts on stuck workflows, projection lag, activity failures and poller backlog, each with a runbook', () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    for (const needed of [
      'frist_activity_oldest_retry_seconds',
      'frist_projection_lag_seconds',
      'frist_activity_failures_total',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
    ])
      expect(exprs).toContain(needed);
    for (const r of rules)
      expect({ alert: r.alert, runbook: /docs\/operations\.md/.test(r.annotations.runbook ?? '') }).toEqual({
        alert: r.alert,
        runbook: true,
      });
  });

  it('reads only frist metrics that exist', () => {
    const used = [
      ...rules.flatMap((r) => fristSeries(r.expr).map((m) => ({ where: r.alert, metric: m }))),
      ...dashboard.panels.flatMap((p) =>
        p.targets.flatMap((t) => fristSeries(t.expr).map((m) => ({ where: p.title, metric: m }))),
      ),
    ];
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((u) => !registered.has(u.metric))).toEqual([]);
  });

  it('reads only Temporal SDK metrics the SDK core registers', () => {
    const used = [
      ...rules.flatMap((r) => sdkSeries(r.expr).map((m) => ({ where: r.alert, metric: m }))),
      ...dashboard.panels.flatMap((p) =>
        p.targets.flatMap((t) => sdkSeries(t.expr).map((m) => ({ where: p.title, metric: m }))),
      ),
    ];
    expect(used.length).toBeGreaterThan(4);
    const library = sdkCoreLibrary();
    expect(library).toContain('workflow_task_execution_latency'); // the names are there to find
    expect(used.filter((u) => !library.includes(u.metric))).toEqual([]);
  });
});
