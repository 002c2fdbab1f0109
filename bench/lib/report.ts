/** Benchmark results: one row per figure, always with the baseline measured in the same run and their ratio. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResultRow {
  section: string;
  measure: string;
  unit: string;
  frist: number;
  /** What the baseline is, in a few words. */
  baselineName: string;
  baseline: number;
  /** frist ÷ baseline. */
  ratio: number;
  /** Whether a bigger value is better (throughput) or worse (latency, memory). */
  higherIsBetter: boolean;
  goal?: string;
  met?: boolean;
  note?: string;
}

export interface GrowthRow {
  section: string;
  measure: string;
  unit: string;
  /** Keyed by scale label, e.g. "1k", "10k", "100k"; undefined when not measured. */
  values: Record<string, number | undefined>;
  baselineValues?: Record<string, number | undefined>;
  baselineName?: string;
}

export class Report {
  readonly rows: ResultRow[] = [];
  readonly growth: GrowthRow[] = [];
  readonly details: Record<string, unknown> = {};
  readonly notes: string[] = [];
  readonly tables: { title: string; headers: string[]; rows: string[][] }[] = [];

  add(row: Omit<ResultRow, 'ratio'> & { ratio?: number }): ResultRow {
    const full: ResultRow = { ...row, ratio: row.ratio ?? row.frist / row.baseline };
    this.rows.push(full);
    return full;
  }

  addGrowth(row: GrowthRow): void {
    const existing = this.growth.find((g) => g.section === row.section && g.measure === row.measure);
    if (existing) {
      Object.assign(existing.values, row.values);
      if (row.baselineValues) existing.baselineValues = { ...existing.baselineValues, ...row.baselineValues };
    } else this.growth.push(row);
  }

  note(text: string): void {
    this.notes.push(text);
    console.log(`[bench] note: ${text}`);
  }
}

export function fmt(v: number | undefined, unit = ''): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (v === Infinity) return unit ? `∞ ${unit} (not all visible)` : '∞';
  const abs = Math.abs(v);
  const s =
    abs >= 10_000
      ? Math.round(v).toLocaleString('en-US')
      : abs >= 100
        ? v.toFixed(0)
        : abs >= 10
          ? v.toFixed(1)
          : abs >= 1
            ? v.toFixed(2)
            : v.toFixed(3);
  return unit ? `${s} ${unit}` : s;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderResults(report: Report): string {
  const main = table(
    ['section', 'measure', 'frist', 'baseline (same run)', 'ratio', 'goal', 'met'],
    report.rows.map((r) => [
      r.section,
      r.note ? `${r.measure} (${r.note})` : r.measure,
      fmt(r.frist, r.unit),
      `${fmt(r.baseline, r.unit)} — ${r.baselineName}`,
      `${fmt(r.ratio)}×`,
      r.goal ?? '',
      r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    ]),
  );
  const sections = [...new Set(report.growth.map((g) => g.section))];
  const growth = sections
    .map((section) => {
      const rows = report.growth.filter((g) => g.section === section);
      const scales = [...new Set(rows.flatMap((g) => Object.keys(g.values)))];
      // One cell per scale: frist / baseline (ratio), so the curve and the comparison read side by side.
      const cell = (g: GrowthRow, scale: string) => {
        const f = g.values[scale];
        const b = g.baselineValues?.[scale];
        if (b === undefined) return fmt(f);
        return `${fmt(f)} / ${fmt(b)} (${f === undefined ? '–' : fmt(f / b)}×)`;
      };
      return table(
        [
          section,
          ...scales.map((s) => (rows.some((g) => g.baselineValues) ? `${s}: frist / baseline (ratio)` : s)),
          'baseline',
        ],
        rows.map((g) => [`${g.measure} (${g.unit})`, ...scales.map((s) => cell(g, s)), g.baselineName ?? '']),
      );
    })
    .join('\n\n');
  // Every goal in one place, with what this run measured against it.
  const goals = report.rows.filter((r) => r.goal !== undefined);
  const goalTable =
    goals.length > 0
      ? table(
          ['goal', 'measure', 'frist', 'ratio to baseline', 'met'],
          goals.map((r) => [
            `${r.section}: ${r.goal}`,
            r.measure,
            fmt(r.frist, r.unit),
            `${fmt(r.ratio)}×`,
            r.met ? 'yes' : 'NO',
          ]),
        )
      : '';
  return [
    goalTable &&
      `Goals: ${goals.filter((r) => r.met).length} of ${goals.length} met in this run\n\n${goalTable}\n\nAll figures\n`,
    main,
    growth && `\nGrowth (same measures at each scale)\n\n${growth}`,
    ...report.tables.map((t) => `\n${t.title}\n\n${table(t.headers, t.rows)}`),
    report.notes.length > 0 ? '\nNotes\n' : '',
    ...report.notes.map((n) => `- ${n}`),
  ]
    .filter(Boolean)
    .join('\n');
}

export function writeResults(dir: string, runId: string, payload: Record<string, unknown>, markdown: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${runId}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(payload, null, 2)}\n`);
  writeFileSync(join(dir, `${runId}.md`), markdown);
  writeFileSync(join(dir, 'latest.md'), markdown);
  return file;
}

export interface RunInfo {
  runId: string;
  minutes: number;
  machine: { cpu: string; cores: number; memGiB: number; node: string; kernel: string };
  commit: string;
  uncommittedFiles: number;
  /** 1-minute load averages sampled through the run (os.loadavg()[0]). */
  load: { start: number; end: number; max: number; mean: number };
  command: string;
}

/** The run as markdown: what ran where (with the machine's load, so numbers can be judged), then the tables. */
export function renderMarkdown(report: Report, run: RunInfo): string {
  const m = run.machine;
  return [
    `Run \`${run.runId}\` (\`${run.command}\`, ${run.minutes.toFixed(1)} min) at commit \`${run.commit.slice(0, 10)}\`` +
      `${run.uncommittedFiles ? ` with ${run.uncommittedFiles} uncommitted files in the tree` : ''}, on ${m.cores} × ${m.cpu}, ` +
      `${m.memGiB} GiB, Linux ${m.kernel}, Node ${m.node}. Load average (1 min) during the run: ` +
      `${run.load.start.toFixed(1)} at the start, mean ${run.load.mean.toFixed(1)}, max ${run.load.max.toFixed(1)}, ` +
      `${run.load.end.toFixed(1)} at the end (${m.cores} cores; other work shared the machine when it exceeds ~${m.cores}).`,
    '',
    renderResults(report),
    '',
  ].join('\n');
}

/** Replaces the body of `## Latest results` (up to the next `## ` heading) in a markdown document. */
export function replaceSection(doc: string, heading: string, body: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const bodyStart = start + `\n## ${heading}\n`.length;
  const next = doc.indexOf('\n## ', bodyStart);
  return `${doc.slice(0, bodyStart)}\n${body.trim()}\n${next < 0 ? '' : doc.slice(next)}`;
}
