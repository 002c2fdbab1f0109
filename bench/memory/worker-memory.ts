/**
 * Worker memory by configuration, at rest: each configuration is one compiled child process against the same
 * Postgres and Temporal dev server, measured after it is ready and has settled, after a full GC of its main thread
 * (memory-probe.ts). Configurations alternate over the rounds, so a drift of the machine hits all of them. Idle
 * processes are not sensitive to the load of a shared machine, unlike the bench's peak under a burst.
 *
 *   node -r @swc-node/register bench/memory/worker-memory.ts [--rounds 2] [--settle 10]
 *
 * Writes a table to stdout and tmp/worker-memory.json (the numbers in docs/performance.md, "Worker memory").
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort, QUIET_BUNDLER_LOGGER } from '@frist/testing';
import {
  webhookDispatcherBundleOptions,
  workflowBundleOptions,
  type WorkflowBundleSource,
} from '@frist/workflows/bundler';
import { compileWorkspace } from '../lib/compile';
import { bundleBareWorkflows, createMigratedDatabase, forkTs, ROOT, startStack, type ChildApp } from '../lib/stack';
import { sleep } from '../lib/stats';

const MiB = 2 ** 20;

interface AtRest {
  memory: NodeJS.MemoryUsage;
  modules: Record<string, number>;
}

function atRest(child: ChildApp): Promise<AtRest> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name}: no answer`)), 30_000);
    const onMessage = (m: { type?: string } & AtRest) => {
      if (m?.type !== 'at-rest') return;
      clearTimeout(timer);
      child.proc.off('message', onMessage);
      resolve(m);
    };
    child.proc.on('message', onMessage);
    child.proc.send({ type: 'at-rest' });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '2' }, settle: { type: 'string', default: '10' } },
  });
  const rounds = Number(values.rounds);
  const settleMs = Number(values.settle) * 1000;
  const workDir = join(ROOT, '.cache', 'bench', `memory-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const stack = await startStack(workDir);
  const children: ChildApp[] = [];
  try {
    const logDir = join(workDir, 'logs');
    const compiledDir = await compileWorkspace(join(workDir, 'dist'));
    const url = await createMigratedDatabase(stack, 'frist');
    const bundle = async (name: string, options: WorkflowBundleSource) => {
      const out = join(workDir, 'bundles', `${name}.js`);
      const { code } = await bundleWorkflowCode({ ...options, logger: QUIET_BUNDLER_LOGGER });
      mkdirSync(join(out, '..'), { recursive: true });
      writeFileSync(out, code);
      return out;
    };
    // Production's bundles (npm run build), not the bench's clock-shifting one.
    const full = await bundle('workflows', workflowBundleOptions());
    const dispatcher = await bundle('webhook-dispatcher', webhookDispatcherBundleOptions());
    const bare = await bundleBareWorkflows(join(workDir, 'bundles', 'bare.js'));
    const sizes = Object.fromEntries(
      Object.entries({ full, dispatcher, bare }).map(([k, f]) => [k, +(statSync(f).size / MiB).toFixed(2)]),
    );
    console.log(`[memory] bundles (MiB): ${JSON.stringify(sizes)}`);

    const common = {
      TEMPORAL_ADDRESS: stack.temporal.address,
      NODE_ENV: 'development',
      LOG_FORMAT: 'json',
      DATABASE_URL: url,
      WORKER_MAX_CACHED_WORKFLOWS: '250',
    };
    const probe = 'bench/memory/memory-probe.ts';
    const entry = (file: string) => join(compiledDir, file);
    type Config = { name: string; start: () => Promise<ChildApp> };
    const fristWorker = (name: string, env: Record<string, string>): Config => ({
      name,
      start: async () => {
        const [metrics, sdk] = [await freePort(), await freePort()];
        return forkTs(
          'frist',
          probe,
          {
            ...common,
            MEMORY_PROBE_ENTRY: entry('apps/worker/src/main.js'),
            PAYLOAD_KEYS: `mem:${randomBytes(32).toString('base64')}`,
            TEMPORAL_TASK_QUEUE: `mem-cases-${name}`,
            WEBHOOK_TASK_QUEUE: `mem-hooks-${name}`,
            WORKFLOW_BUNDLE_PATH: full,
            WORKER_METRICS_PORT: String(metrics),
            TEMPORAL_SDK_METRICS_PORT: String(sdk),
            ...env,
          },
          logDir,
          { readyUrl: `http://127.0.0.1:${metrics}/metrics`, compiledDir },
        );
      },
    });
    const configs: Config[] = [
      {
        name: 'bare worker (bare bundle, pg pool)',
        start: async () =>
          forkTs(
            'bare',
            probe,
            {
              ...common,
              MEMORY_PROBE_ENTRY: entry('bench/temporal/bare-worker-main.js'),
              TEMPORAL_TASK_QUEUE: 'mem-bare',
              WORKFLOW_BUNDLE_PATH: bare,
            },
            logDir,
            { compiledDir },
          ),
      },
      fristWorker('frist worker, webhook worker on the full bundle (before)', { WEBHOOK_WORKFLOW_BUNDLE_PATH: full }),
      fristWorker('frist worker, webhook worker on its own bundle (after)', {
        WEBHOOK_WORKFLOW_BUNDLE_PATH: dispatcher,
      }),
      fristWorker('frist worker, WORKER_ROLES=cases (a case replica)', { WORKER_ROLES: 'cases' }),
    ];
    const results: Record<string, { rss: number[]; heapUsed: number[]; external: number[] }> = {};
    let modules: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      for (const c of round % 2 ? [...configs].reverse() : configs) {
        const child = await c.start();
        children.push(child);
        await sleep(settleMs);
        const m = await atRest(child);
        await child.stop();
        children.splice(children.indexOf(child), 1);
        const r = (results[c.name] ??= { rss: [], heapUsed: [], external: [] });
        r.rss.push(m.memory.rss / MiB);
        r.heapUsed.push(m.memory.heapUsed / MiB);
        r.external.push(m.memory.external / MiB);
        if (c.name.includes('(after)')) modules = m.modules;
        console.log(
          `[memory] round ${round + 1}: ${c.name}: rss ${(m.memory.rss / MiB).toFixed(0)} MiB, main heap used ` +
            `${(m.memory.heapUsed / MiB).toFixed(0)} MiB, external ${(m.memory.external / MiB).toFixed(0)} MiB`,
        );
      }
    }
    const top = Object.entries(modules)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} kB`);
    console.log(`[memory] source loaded by the worker's main thread, by package (top 30): ${top.join(', ')}`);
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    writeFileSync(
      join(ROOT, 'tmp', 'worker-memory.json'),
      JSON.stringify({ bundles: sizes, results, modules }, null, 2),
    );
    for (const [name, r] of Object.entries(results))
      console.log(
        `[memory] ${name}: rss ${r.rss.map((x) => x.toFixed(0)).join(' / ')} MiB; heap used ` +
          `${r.heapUsed.map((x) => x.toFixed(0)).join(' / ')} MiB`,
      );
  } finally {
    for (const c of children) await c.stop();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
