/**
 * What MIG-2026 costs the engine, measured so that a shared, noisy machine cancels out: the un-migrated, migrated
 * (the bench's MIGRATED_OPTIONS) and ending-2029 loops and the JSON round trip run interleaved in short slices in one
 * process, so they share the machine's speed of the moment and the same JIT code. Prints each loop's rate relative
 * to the others (the bench's rows come from separate loops seconds apart, whose ratios scatter by ±30 % under load).
 *
 *   node -r @swc-node/register bench/engine/migrated-overhead.ts [seconds]
 *   node --cpu-prof -r @swc-node/register bench/engine/migrated-overhead.ts   # a differential profile: samples
 *     under `plainSlice` vs `migratedSlice` are the same functions doing un-migrated vs migrated work
 */
import { computeObligations } from '@frist/obligations';
import { ENGINE_AS_OF, MIGRATED_OPTIONS } from './engine-bench';
import { timelineOf } from './timelines';

const LATE_AS_OF = '2029-06-30';
const typical = Array.from({ length: 16 }, (_, i) => timelineOf(5, 60, ENGINE_AS_OF, 100 + i));
const late = Array.from({ length: 16 }, (_, i) => timelineOf(5, 60, LATE_AS_OF, 300 + i));

let sink = 0;
// One named function per loop, so a CPU profile can attribute every sample to the loop it belongs to.
function plainSlice(n: number): void {
  for (let i = 0; i < n; i++) {
    const c = typical[i % typical.length];
    sink += computeObligations({ birthDate: c.birthDate }, c.events, ENGINE_AS_OF).occurrences.length;
  }
}
function migratedSlice(n: number): void {
  for (let i = 0; i < n; i++) {
    const c = typical[i % typical.length];
    sink += computeObligations({ birthDate: c.birthDate }, c.events, ENGINE_AS_OF, MIGRATED_OPTIONS).occurrences.length;
  }
}
function lateSlice(n: number): void {
  for (let i = 0; i < n; i++) {
    const c = late[i % late.length];
    sink += computeObligations({ birthDate: c.birthDate }, c.events, LATE_AS_OF, MIGRATED_OPTIONS).occurrences.length;
  }
}
function jsonSlice(n: number): void {
  for (let i = 0; i < n; i++) sink += (JSON.parse(JSON.stringify(typical[i % typical.length].events)) as []).length;
}

const loops = { plain: plainSlice, migrated: migratedSlice, late: lateSlice, json: jsonSlice };
type Loop = keyof typeof loops;
/** Iterations per slice: a few milliseconds each, so every loop sees the same stretch of machine time. */
const SLICE: Record<Loop, number> = { plain: 100, migrated: 100, late: 100, json: 400 };

const seconds = Number(process.argv[2] ?? 12);
const cpuMicros: Record<Loop, number> = { plain: 0, migrated: 0, late: 0, json: 0 };
const count: Record<Loop, number> = { plain: 0, migrated: 0, late: 0, json: 0 };
const warmUntil = performance.now() + 2000;
const until = warmUntil + seconds * 1000;
let measuring = false;
while (performance.now() < until) {
  if (!measuring && performance.now() >= warmUntil) measuring = true;
  for (const name of Object.keys(loops) as Loop[]) {
    const before = process.cpuUsage();
    loops[name](SLICE[name]);
    const used = process.cpuUsage(before);
    if (!measuring) continue;
    cpuMicros[name] += used.user + used.system;
    count[name] += SLICE[name];
  }
}
const perSecond = (name: Loop) => (count[name] / cpuMicros[name]) * 1e6;
const ratio = (a: Loop, b: Loop) => (perSecond(a) / perSecond(b)).toFixed(3);
console.log(
  `[engine] per CPU-second: un-migrated ${Math.round(perSecond('plain'))}, after MIG-2026 ${Math.round(perSecond('migrated'))}, ` +
    `ending ${LATE_AS_OF} ${Math.round(perSecond('late'))}, JSON round trip ${Math.round(perSecond('json'))}; ` +
    `after MIG-2026 / un-migrated ${ratio('migrated', 'plain')}, ending ${LATE_AS_OF} / un-migrated ${ratio('late', 'plain')}; ` +
    `to the JSON round trip: un-migrated ${ratio('plain', 'json')}, after MIG-2026 ${ratio('migrated', 'json')}, ` +
    `ending ${LATE_AS_OF} ${ratio('late', 'json')}`,
);
if (sink === -1) console.log('unreachable'); // keeps the work observable
