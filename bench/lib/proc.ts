/** CPU and memory of processes and of the machine, read from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readStat(
  pid: number,
): { utime: number; stime: number; cutime: number; cstime: number; ppid: number } | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(rest[1]),
      utime: Number(rest[11]),
      stime: Number(rest[12]),
      cutime: Number(rest[13]),
      cstime: Number(rest[14]),
    };
  } catch {
    return undefined;
  }
}

function readRssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants (Postgres runs one process per connection). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(Number(name));
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

export interface ProcUsage {
  /** CPU seconds (user + system) used in the window. */
  cpuSeconds: number;
  /** Average CPU use in the window, in cores (1.0 = one core busy). */
  cores: number;
  rssPeakBytes: number;
  rssEndBytes: number;
}

/**
 * Samples a process (or a process tree) once a second until stopped: CPU seconds used and resident memory.
 * Usage: `const s = sampleProcess(pid); …; const usage = s.stop();`
 */
export function sampleProcess(pid: number, opts: { tree?: boolean; intervalMs?: number } = {}) {
  const pids = () => (opts.tree ? processTree(pid) : [pid]);
  // For a tree, the root's cutime/cstime keep the CPU of children that have exited (Postgres backends come and go).
  const cpuOf = (p: number) => {
    const s = readStat(p);
    return s ? s.utime + s.stime + (opts.tree ? s.cutime + s.cstime : 0) : 0;
  };
  const cpuNow = () => pids().reduce((sum, p) => sum + cpuOf(p), 0);
  const rssNow = () => pids().reduce((sum, p) => sum + readRssBytes(p), 0);
  const startTicks = cpuNow();
  const started = Date.now();
  let peak = rssNow();
  const timer = setInterval(() => {
    peak = Math.max(peak, rssNow());
  }, opts.intervalMs ?? 1000);
  timer.unref();
  return {
    stop(): ProcUsage {
      clearInterval(timer);
      const end = rssNow();
      const cpuSeconds = (cpuNow() - startTicks) / TICKS_PER_SECOND;
      return {
        cpuSeconds,
        cores: cpuSeconds / Math.max(0.001, (Date.now() - started) / 1000),
        rssPeakBytes: Math.max(peak, end),
        rssEndBytes: end,
      };
    },
    rssNow,
  };
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Busy fraction of the whole machine (all cores, every process, including other people's) over a window. */
export function sampleMachine() {
  const start = machineTicks();
  return {
    stop(): { busyCores: number } {
      const end = machineTicks();
      const total = end.total - start.total;
      return { busyCores: total > 0 ? ((end.busy - start.busy) / total) * cpus().length : 0 };
    },
  };
}

export function machineDescription(): { cpu: string; cores: number; memGiB: number; node: string; kernel: string } {
  let kernel = '';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    /* not Linux */
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel,
  };
}
