/** Danish wording of durations and template filling for task titles and explanations (§D "Expl.", §E). */
import { type Duration } from '../rule-sets/rule-set';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function years(monthsCount: number): string | undefined {
  if (monthsCount >= 24 && monthsCount % 12 === 0) return `${monthsCount / 12} år`;
  if (monthsCount >= 18 && monthsCount % 12 === 6) return `${(monthsCount - 6) / 12}½ år`;
  return undefined;
}

const labels: Record<Duration['unit'], string[]> = { days: [], weeks: [], months: [] };

/** "14 dage", "10 uger", "4 måneder", "2½ år (30 måneder)". */
export function durationLabel(d: Duration): string {
  const byAmount = labels[d.unit];
  if (!Number.isInteger(d.amount) || d.amount < 0 || d.amount > 10_000) return renderDuration(d);
  return (byAmount[d.amount] ??= renderDuration(d));
}

function renderDuration(d: Duration): string {
  switch (d.unit) {
    case 'days':
      return plural(d.amount, 'dag', 'dage');
    case 'weeks':
      return plural(d.amount, 'uge', 'uger');
    case 'months': {
      const m = plural(d.amount, 'måned', 'måneder');
      const y = years(d.amount);
      return y ? `${y} (${m})` : m;
    }
  }
}

/** "2½ år" where the long form has a year count, else the long form. */
export function durationShortLabel(d: Duration): string {
  return (d.unit === 'months' && years(d.amount)) || durationLabel(d);
}

/**
 * The placeholders a catalog template may use, in slot order. Templates are compiled once into literal parts and
 * slot numbers, so rendering is array indexing on the hot path (every evaluation renders every occurrence).
 */
export const TEMPLATE_SLOTS = [
  'duration',
  'durationShort',
  'anchorLabel',
  'anchorOn',
  'nominalDueOn',
  'dueOn',
  'base',
  'k',
  'count',
  'capDuration',
  'seriesStart',
  'capDate',
  'pauseSuffix',
  'amount',
  // law-2026 count series: the window's last day L, the reminder, and E's shift note placed inside the text.
  'lastDay',
  'remindOn',
  'shift',
] as const;

export type TemplateSlot = (typeof TEMPLATE_SLOTS)[number];

/** Values by slot number (see TEMPLATE_SLOTS). */
export type TemplateValues = Array<string | number | undefined>;

export interface CompiledTemplate {
  readonly source: string;
  /** Literal text, or a slot number. */
  readonly parts: ReadonlyArray<string | number>;
}

/** Compiles a template; an unknown placeholder is a catalog bug and fails when the rule set is compiled. */
export function compileTemplate(template: string): CompiledTemplate {
  const parts: Array<string | number> = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    const slot = TEMPLATE_SLOTS.indexOf(m[1] as TemplateSlot);
    if (slot < 0) throw new Error(`Unknown template placeholder {${m[1]}} in "${template}"`);
    parts.push(slot);
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return { source: template, parts };
}

/**
 * Substitutes the slots known in advance (e.g. the duration and anchor labels of one obligation) and merges the
 * adjacent literals, so rendering per occurrence concatenates only the dates.
 */
export function partiallyRender(
  template: CompiledTemplate,
  known: ReadonlyMap<number, string | number>,
): CompiledTemplate {
  const parts: Array<string | number> = [];
  for (const part of template.parts) {
    const value = typeof part === 'number' ? known.get(part) : part;
    const text = value === undefined ? undefined : String(value);
    if (text === undefined) parts.push(part);
    else if (parts.length > 0 && typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += text;
    else parts.push(text);
  }
  return { source: template.source, parts };
}

export function renderTemplate(template: CompiledTemplate, values: TemplateValues): string {
  let out = '';
  const parts = template.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') out += part;
    else {
      const value = values[part];
      if (value === undefined)
        throw new Error(`Template placeholder {${TEMPLATE_SLOTS[part]}} has no value in "${template.source}"`);
      out += value;
    }
  }
  return out;
}

/** Fills {name} placeholders by name (convenience for callers outside the engine). */
export function fillTemplate(
  template: string,
  values: Readonly<Partial<Record<TemplateSlot, string | number>>>,
): string {
  return renderTemplate(
    compileTemplate(template),
    TEMPLATE_SLOTS.map((name) => values[name]),
  );
}
