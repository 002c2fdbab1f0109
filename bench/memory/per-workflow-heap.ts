/**
 * Live heap each cached workflow holds in the workflow thread, by bundle: N workflows that wait forever (a sleeper
 * workflow, bundled alone or beside frist's workflows, with or without production's interceptors) are started on one
 * SDK worker per variant, and the thread's heap snapshot (live objects only, after a full GC) is summed before and
 * after. RSS is reported too: it grows far more than the live heap (uncollected garbage in the thread).
 *
 *   PW_N=150 node -r @swc-node/register bench/memory/per-workflow-heap.ts
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type * as WorkerThreads from 'node:worker_threads';
import { runInNewContext } from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { createLocalEnv, QUIET_BUNDLER_LOGGER } from '@frist/testing';
import { workflowBundleOptions } from '@frist/workflows/bundler';
import { ROOT } from '../lib/stack';

const N = Number(process.env.PW_N ?? 250);
const variants: Record<string, () => Parameters<typeof bundleWorkflowCode>[0]> = {
  sleeperOnly: () => ({ workflowsPath: join(__dirname, 'sleeper-only.workflows.ts') }),
  graphNoInterceptors: () => ({
    ...workflowBundleOptions(),
    workflowsPath: join(__dirname, 'sleeper.workflows.ts'),
    workflowInterceptorModules: [],
  }),
  graphProduction: () => ({ ...workflowBundleOptions(), workflowsPath: join(__dirname, 'sleeper.workflows.ts') }),
};

/** Live heap (bytes) of a worker thread: the sum of self sizes in its heap snapshot (taken after a full GC). */
async function liveHeap(w: WorkerThreads.Worker): Promise<number> {
  const stream = await w.getHeapSnapshot();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  const snap = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    snapshot: { meta: { node_fields: string[] } };
    nodes: number[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const self = fields.indexOf('self_size');
  let total = 0;
  for (let i = self; i < snap.nodes.length; i += fields.length) total += snap.nodes[i];
  return total;
}

async function child(variant: string, address: string, bundlePath: string) {
  // The SDK creates the workflow thread with `new worker_threads.Worker`: record it to snapshot its heap.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, to wrap its export
  const wt = require('node:worker_threads') as typeof WorkerThreads;
  const threads: WorkerThreads.Worker[] = [];
  const Original = wt.Worker;
  (wt as { Worker: unknown }).Worker = class extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      threads.push(this);
    }
  };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const connection = await NativeConnection.connect({ address });
  const tq = `pw-${variant}-${Date.now()}`;
  const worker = await Worker.create({
    connection,
    taskQueue: tq,
    workflowBundle: { codePath: bundlePath },
    maxCachedWorkflows: 300,
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }) });
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  await new Promise((r) => setTimeout(r, 3000));
  gc();
  const before = rss();
  const heapBefore = await liveHeap(threads[0]);
  for (let i = 0; i < N; i += 25)
    await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, (_, j) =>
        client.workflow.start('sleeperWorkflow', { taskQueue: tq, workflowId: `${tq}-${i + j}` }),
      ),
    );
  // Wait for every first workflow task to complete.
  for (;;) {
    const open = await client.workflow.count(`TaskQueue = '${tq}'`);
    await new Promise((r) => setTimeout(r, 3000));
    if (open.count >= N) break;
  }
  await new Promise((r) => setTimeout(r, 8000));
  gc();
  const after = rss();
  const heapAfter = await liveHeap(threads[0]);
  process.send?.({
    variant,
    threads: threads.length,
    heapBeforeMiB: heapBefore / 2 ** 20,
    heapAfterMiB: heapAfter / 2 ** 20,
    liveHeapPerWorkflowKiB: (heapAfter - heapBefore) / 1024 / N,
    rssPerWorkflowKiB: ((after - before) * 1024) / N,
  });
  worker.shutdown();
  await running;
  process.exit(0);
}

async function main() {
  if (process.env.PW_CHILD) return child(process.env.PW_CHILD, process.env.PW_ADDRESS!, process.env.PW_BUNDLE!);
  const env = await createLocalEnv();
  const address = env.connection.options.address;
  const results: unknown[] = [];
  try {
    const bundles: Record<string, string> = {};
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    for (const [v, opts] of Object.entries(variants)) {
      const { code } = await bundleWorkflowCode({ ...opts(), logger: QUIET_BUNDLER_LOGGER });
      bundles[v] = join(ROOT, 'tmp', `per-workflow-${v}.bundle.js`);
      writeFileSync(bundles[v], code);
    }
    await Promise.all(
      Object.keys(variants).map(async (v) => {
        const p = fork(__filename, [], {
          execArgv: ['-r', '@swc-node/register'],
          env: { ...process.env, PW_CHILD: v, PW_ADDRESS: address, PW_BUNDLE: bundles[v] },
        });
        // A child that fails exits without its message: that fails the run instead of waiting for it forever.
        let r: unknown;
        p.on('message', (m) => (r = m));
        const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
        if (code !== 0 || r === undefined) throw new Error(`per-workflow-heap: variant ${v} exited ${code}`);
        console.log(JSON.stringify(r));
        results.push(r);
      }),
    );
  } finally {
    await env.teardown();
  }
}
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
