/**
 * Output order (spec E, A1): dueOn, then code, then occurrence — whatever the process evaluated before. A code rank
 * cached at module level and grown while sort keys were built made the first evaluations of a fresh process put
 * `other-actor-12m` before `flexjob-agreement` on the same day.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { type CaseEvent, type CaseFacts, type IsoDate } from './engine-types';
import { type preview as previewFn } from '../preview/preview';
import { type computeObligations as computeFn } from './obligation-engine';
import { timelineArb } from '../testing/timeline.arbitrary';
import { trialTimelineArb } from '../testing/trial-timeline.arbitrary';
import { DEMO_PROGRAMMES } from '../testing/aht-demo.fixture';

type Preview = typeof previewFn;
type Compute = typeof computeFn;
interface Row {
  code: string;
  occurrence: number;
  dueOn: IsoDate;
}
interface Timeline {
  caseFacts: CaseFacts;
  events: CaseEvent[];
  asOf: IsoDate;
}

const root = resolve(__dirname, '../../../..');

/** other-actor-12m (12 months after visitation) and flexjob-agreement (the fleksjob start) are due the same day. */
const SAME_DAY = {
  case: { caseId: 'order-1', birthDate: '1970-01-01' },
  events: [
    { type: 'VISITATION_DECIDED', date: '2026-01-06' },
    { type: 'FLEXJOB_STARTED', date: '2027-01-06', hoursPerWeek: 10, employer: 'A' },
  ],
  asOf: '2027-03-01',
};

function outOfOrder(rows: readonly Row[]): string | undefined {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    const ordered =
      a.dueOn < b.dueOn ||
      (a.dueOn === b.dueOn && (a.code < b.code || (a.code === b.code && a.occurrence < b.occurrence)));
    if (!ordered) return `${a.dueOn} ${a.code} #${a.occurrence} before ${b.dueOn} ${b.code} #${b.occurrence}`;
  }
  return undefined;
}

/** The engine and preview from a freshly loaded module graph: no module-level state from earlier evaluations. */
function freshEngine(): { preview: Preview; evaluate: (t: Timeline) => Row[] } {
  let preview: Preview | undefined;
  let compute: Compute | undefined;
  jest.isolateModules(() => {
    preview = jest.requireActual<{ preview: Preview }>('../preview/preview').preview;
    compute = jest.requireActual<{ computeObligations: Compute }>('./obligation-engine').computeObligations;
  });
  const run = compute as Compute;
  return {
    preview: preview as Preview,
    evaluate: (t) => run(t.caseFacts, t.events, t.asOf, { programmes: DEMO_PROGRAMMES }).occurrences,
  };
}

const anyTimeline: fc.Arbitrary<Timeline> = fc.oneof(timelineArb, trialTimelineArb);

describe('output order is dueOn, code, occurrence in every process state', () => {
  it('in a fresh process: the preview CLI run once orders a same-day pair by code', () => {
    const child = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `const { preview } = require('./libs/obligations/src/preview/preview');
         process.stdout.write(JSON.stringify(preview(JSON.parse(process.argv[1]))));`,
        JSON.stringify(SAME_DAY),
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    const rows = (JSON.parse(child.stdout) as { obligations: Row[] }).obligations;
    const sameDay = rows.filter((r) => r.dueOn === '2027-01-06').map((r) => r.code);
    expect(sameDay).toEqual(['flexjob-agreement', 'other-actor-12m']);
    expect(outOfOrder(rows)).toBeUndefined();
  });

  it('in a fresh module graph: every random timeline is sorted on its first evaluation', () => {
    expect(outOfOrder(freshEngine().preview(SAME_DAY).obligations)).toBeUndefined();
    fc.assert(
      fc.property(anyTimeline, (timeline) => {
        expect(outOfOrder(freshEngine().evaluate(timeline))).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });

  it('after a thousand other evaluations in the same process', () => {
    const engine = freshEngine();
    for (const timeline of fc.sample(anyTimeline, { numRuns: 1000, seed: 13 })) engine.evaluate(timeline);
    expect(outOfOrder(engine.preview(SAME_DAY).obligations)).toBeUndefined();
    fc.assert(
      fc.property(anyTimeline, (timeline) => {
        expect(outOfOrder(engine.evaluate(timeline))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
