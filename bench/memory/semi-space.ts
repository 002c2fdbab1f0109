/**
 * The workflow thread's young generation against its RSS and CPU: each variant (WORKER_WORKFLOW_SEMI_SPACE_MIB, set
 * the way apps/worker/src/main.ts sets it, before the SDK creates the thread) is one child process that replays the
 * committed case histories through production's bundle, over and over: what a worker does in a timer wave whose cases
 * are not in its sticky cache. The child samples its RSS every 20 ms and reports the peak, its CPU time and the
 * replays per CPU-second. Variants alternate over the rounds, so a drift of the machine hits all of them.
 *
 *   node -r @swc-node/register bench/memory/semi-space.ts [--variants 0,2,4,8] [--rounds 3] [--repeat 30]
 *
 * Writes tmp/semi-space.json and one digest line per variant (the numbers in docs/performance.md, "Worker memory").
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { loadHistoryFixtures, QUIET_BUNDLER_LOGGER } from '@frist/testing';
import { workflowBundleOptions } from '@frist/workflows/bundler';
import { ROOT } from '../lib/stack';

const MiB = 2 ** 20;

interface Sample {
  semiSpaceMiB: number;
  replays: number;
  peakRssMiB: number;
  endRssMiB: number;
  cpuSeconds: number;
  replaysPerCpuSecond: number;
}

async function child(semiSpaceMiB: number, bundlePath: string, repeat: number): Promise<void> {
  if (semiSpaceMiB > 0) setFlagsFromString(`--max-semi-space-size=${semiSpaceMiB}`);
  const fixtures = loadHistoryFixtures();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu = process.cpuUsage();
  let replays = 0;
  async function* histories() {
    for (let r = 0; r < repeat; r++)
      for (const f of fixtures) yield { workflowId: `${f.name}-${r}`, history: f.history };
  }
  // debugMode off: replay runs in a workflow thread, as a worker does (the SDK's replay default is the main thread).
  const options = { workflowBundle: { codePath: bundlePath }, debugMode: false };
  for await (const result of Worker.runReplayHistories(options, histories())) {
    if (result.error) throw result.error;
    replays++;
  }
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const sample: Sample = {
    semiSpaceMiB,
    replays,
    peakRssMiB: peak / MiB,
    endRssMiB: process.memoryUsage().rss / MiB,
    cpuSeconds,
    replaysPerCpuSecond: replays / cpuSeconds,
  };
  process.send?.(sample);
}

async function main(): Promise<void> {
  if (process.env.SEMI_CHILD)
    return child(Number(process.env.SEMI_CHILD), process.env.SEMI_BUNDLE!, Number(process.env.SEMI_REPEAT));
  const { values } = parseArgs({
    options: {
      variants: { type: 'string', default: '0,2,4,8' },
      rounds: { type: 'string', default: '3' },
      repeat: { type: 'string', default: '30' },
    },
  });
  const variants = values.variants.split(',').map(Number);
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const bundle = join(ROOT, 'tmp', 'semi-space.bundle.js');
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: QUIET_BUNDLER_LOGGER });
  writeFileSync(bundle, code);
  const samples: Sample[] = [];
  for (let round = 0; round < Number(values.rounds); round++)
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const p = fork(__filename, [], {
        execArgv: ['-r', '@swc-node/register'],
        env: { ...process.env, SEMI_CHILD: String(v), SEMI_BUNDLE: bundle, SEMI_REPEAT: values.repeat },
      });
      let sample: Sample | undefined;
      p.on('message', (m) => (sample = m as Sample));
      const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
      if (code !== 0 || !sample) throw new Error(`semi-space: variant ${v} exited ${code}`);
      samples.push(sample);
      console.log(
        `[semi-space] round ${round + 1}, semi-space ${v || 'default'}: peak rss ${sample.peakRssMiB.toFixed(0)} MiB, ` +
          `${sample.replays} replays in ${sample.cpuSeconds.toFixed(1)} CPU-s (${sample.replaysPerCpuSecond.toFixed(1)}/CPU-s)`,
      );
    }
  writeFileSync(join(ROOT, 'tmp', 'semi-space.json'), JSON.stringify(samples, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
