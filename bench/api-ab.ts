/**
 * A/B of the API's inbox path between compiled trees, under the same conditions: each tree's `api-main` (as the
 * bench forks it) against one seeded database, the paced load at 200 req/s (the bench's schedule), then flat out,
 * the trees interleaved round by round. Prints CPU per request, p50/p95 and flat-out rate per round, and the `pg`
 * client's CPU per query for the same SQL at the same rate. With BENCH_PROFILE=api each API process writes a V8 CPU
 * profile into .cache/bench/api-ab/logs (named by pid, which the rounds print). On a shared machine compare the
 * profiles' shares; CPU per request moves with the machine's load.
 *
 *   node -r @swc-node/register bench/api-ab.ts [--tasks 10000] [--seconds 10] [--rounds 2] label=<compiled tree> …
 *
 * The current tree is compiled and measured as `this`; a kept bench run's `dist` folder is a compiled tree, e.g.
 * `before=.cache/bench/<run>/dist` after `npm run bench -- --only api --quick --keep` on the older commit.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { freePort } from '@frist/testing';
import { tokenSource } from './lib/auth';
import { compileWorkspace } from './lib/compile';
import { httpLoad, fixedRateLoop, pacedHttpLoad } from './lib/load';
import { sampleProcess } from './lib/proc';
import { createMigratedDatabase, forkTs, ROOT, startStack } from './lib/stack';
import { captureSql, seedTasks, type CapturedQuery } from './sections/api-bench';
import { TEAMS } from './sections/temporal-bench';

const RATE = 200;
const CONNECTIONS = 10;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tasks: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
    },
  });
  const work = join(ROOT, '.cache', 'bench', 'api-ab');
  const stack = await startStack(work);
  const trees: [string, string][] = [['this', await compileWorkspace(join(work, 'dist'))]];
  for (const p of positionals) {
    const [label, dir] = p.split('=');
    if (!label || !dir) throw new Error(`expected label=<compiled tree>, got ${p}`);
    trees.push([label, resolve(dir)]);
  }
  const seconds = Number(values.seconds);
  const cpu = new Map<string, number[]>();
  try {
    const url = await createMigratedDatabase(stack, 'frist_api_ab');
    const db = new Pool({ connectionString: url, max: CONNECTIONS });
    await seedTasks(db, 0, Number(values.tasks));
    await db.query('VACUUM ANALYZE tasks, cases');
    const env = {
      TEMPORAL_ADDRESS: stack.temporal.address,
      NODE_ENV: 'development',
      LOG_FORMAT: 'json',
      RATE_LIMIT_USER_PER_MIN: '0',
      DATABASE_URL: url,
      API_HOST: '127.0.0.1',
    };
    const tokens = await tokenSource(env);
    const auth = new Map<string, string>();
    for (const t of TEAMS) auth.set(t, (await tokens.header('caseworker', [t])) ?? '');
    let i = 0;
    let team = TEAMS[0];
    const paths = () => {
      team = TEAMS[i++ % TEAMS.length];
      return `/api/v1/tasks?team=${team}`;
    };
    const headers = (): Record<string, string> => ({ authorization: auth.get(team) ?? '' });
    let queries: CapturedQuery[] | undefined;
    let probeTeam = '';
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [label, dir] of trees) {
        const port = await freePort();
        const api = await forkTs(
          `api-${label}`,
          'bench/processes/api-main.ts',
          { ...env, API_PORT: String(port) },
          join(work, 'logs'),
          { compiledDir: dir },
        );
        const load = { url: `http://127.0.0.1:${port}`, paths, headers, connections: CONNECTIONS };
        await pacedHttpLoad({ ...load, seconds: 2, rate: RATE }); // warm-up
        // The SQL the API sends for one inbox page, for the pg baseline (as the bench captures it).
        queries ??= await captureSql(api.proc, async () => {
          const path = paths();
          probeTeam = team;
          await (await fetch(`${load.url}${path}`, { headers: headers() })).arrayBuffer();
        });
        const usage = sampleProcess(api.pid);
        const paced = await pacedHttpLoad({ ...load, seconds, rate: RATE });
        const ms = (usage.stop().cpuSeconds * 1000) / paced.completed;
        const max = await httpLoad({ ...load, seconds: 3 });
        await api.stop();
        cpu.set(label, [...(cpu.get(label) ?? []), ms]);
        console.log(
          `${label} (pid ${api.pid}) round ${round}: CPU ${ms.toFixed(3)} ms/request, p50 ` +
            `${paced.latencyMs.p50.toFixed(1)} p95 ${paced.latencyMs.p95.toFixed(1)} ms, flat out ` +
            `${max.rate.toFixed(0)}/s, non-2xx ${paced.non2xx + max.non2xx}`,
        );
      }
      const c0 = process.cpuUsage();
      const raw = await fixedRateLoop({
        rate: RATE,
        seconds,
        connections: CONNECTIONS,
        op: async () => {
          const t = TEAMS[i++ % TEAMS.length];
          for (const q of queries ?? [])
            await db.query(
              q.text,
              q.values.map((v) => (v === probeTeam ? t : v)),
            );
        },
      });
      const c = process.cpuUsage(c0);
      console.log(
        `pg round ${round}: CPU ${((c.user + c.system) / 1000 / raw.completed).toFixed(3)} ms/query, p50 ` +
          `${raw.latencyMs.p50.toFixed(1)} p95 ${raw.latencyMs.p95.toFixed(1)} ms`,
      );
    }
    await db.end();
  } finally {
    await stack.stop();
  }
  for (const [label, list] of cpu) console.log(`${label}: CPU ms/request ${list.map((x) => x.toFixed(3)).join(', ')}`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
