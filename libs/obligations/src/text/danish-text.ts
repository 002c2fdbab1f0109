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

/** "14 dage", "10 uger", "4 måneder", "2½ år (30 måneder)". */
export function durationLabel(d: Duration): string {
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

/** Replaces {name} placeholders; an unknown placeholder is a catalog bug, so it fails loudly. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Template placeholder {${name}} has no value in "${template}"`);
    return String(value);
  });
}
