import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { evaluateCase } from '@frist/activities';
import {
  addDaysIso,
  applyEventsUpdate,
  caseSnapshotQuery,
  copenhagenStartOfDay,
  type ProjectCaseInput,
  type RecordedEvent,
} from '@frist/contracts';
import { computeObligations, type CaseEvent, type Occurrence } from '@frist/obligations';
import { captureHistory, createTimeSkippingEnv, eventually, withCaseWorkflow, type CaseHarness } from '@frist/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const BIRTH = '1970-03-03';
const DAY = 86_400_000;
const statusOf = (occ: Occurrence[], code: string, n?: number) =>
  occ.filter((o) => o.code === code && (n === undefined || o.occurrence === n)).map((o) => o.status);

/**
 * One case walked through a whole multi-year course on the time-skipping server: preparatory part → visitation →
 * contacts → internship → fleksjob → follow-ups → 2½-year follow-up → 4½-year status. At every step the read model the
 * workflow projected must equal what the engine computes for the same timeline and date.
 */
describe('a fleksjob case over five years (time-skipping)', () => {
  jest.setTimeout(180_000);

  it('raises, reminds, meets and escalates every obligation on time and projects exactly the engine answer', async () => {
    await withCaseWorkflow(
      env,
      evaluateCase,
      async (h: CaseHarness) => {
        const timeline: RecordedEvent[] = [];
        let n = 0;
        const register = async (type: string, fields: Record<string, unknown> = {}) => {
          const event: CaseEvent = { type, date: await h.today(), ...fields };
          await h.handle.executeUpdate(applyEventsUpdate, {
            args: [{ events: [{ eventId: `e${++n}`, event }] }],
          });
          timeline.push({ eventId: `e${n}`, event, recordedAt: '' });
          // The update answered after its projection: the read model's occurrences are the case's.
          return h.projections.at(-1)!.occurrences;
        };
        /** Skips to `days` later (plus a few hours, so the day-start timer has fired), then checks the projection. */
        const skipDays = async (days: number) => {
          const target = copenhagenStartOfDay(addDaysIso(await h.today(), days)) + 3 * 3_600_000;
          await env.sleep(target - (await env.currentTimeMs()));
          return expectProjectionMatchesEngine();
        };
        const expectProjectionMatchesEngine = async (): Promise<ProjectCaseInput> => {
          const asOf = await h.today();
          const expected = computeObligations(
            { birthDate: BIRTH },
            timeline.map((e) => e.event),
            asOf,
          ).occurrences;
          // The workflow projects only when something changed, so the latest projection must equal today's answer.
          const last = await eventually(async () => {
            const p = h.projections.at(-1);
            return p && JSON.stringify(p.occurrences) === JSON.stringify(expected) ? p : undefined;
          }, `projection for ${asOf}`).catch(() => h.projections.at(-1)!);
          expect(last.occurrences).toEqual(expected);
          return last;
        };

        // Phase 1: 10 weeks to visitation; the reminder at 8 weeks is a clock of its own.
        expect(statusOf(await register('PREPARATORY_PART_STARTED'), 'phase1-target')).toEqual(['open']);
        await skipDays(7 * 8 + 1);
        await register('REHAB_TEAM_MEETING_HELD', { recommendation: 'flexjob' });
        let p = await skipDays(7 * 3); // past the 10 weeks
        expect(statusOf(p.occurrences, 'phase1-target')).toEqual(['overdue']);
        expect(p.overdueCount).toBe(1);

        // Phase 2: visitation, fortnightly contacts (one missed), passivity clock, anden aktør.
        let occ = await register('VISITATION_DECIDED');
        expect(statusOf(occ, 'phase1-target')).toEqual(['met-late']);
        expect(statusOf(occ, 'contact-14d')).toEqual(['open']);
        await skipDays(10);
        occ = await register('CONTACT_HELD', { form: 'phone' });
        expect(statusOf(occ, 'contact-14d')).toEqual(['met', 'open']);
        p = await skipDays(20);
        expect(statusOf(p.occurrences, 'contact-14d', 2)).toEqual(['overdue']);
        occ = await register('CONTACT_HELD', { form: 'in-person' });
        expect(statusOf(occ, 'contact-14d', 2)).toEqual(['met-late']);
        occ = await register('INTERNSHIP_STARTED');
        expect(statusOf(occ, 'passivity-rereview')).toEqual(['cancelled']);
        await skipDays(13);
        await register('CONTACT_HELD', { form: 'video' });
        await skipDays(13);

        // The fleksjob starts the day the internship ends: agreement, capacity decision, follow-ups, statutory, status.
        await register('INTERNSHIP_ENDED');
        occ = await register('FLEXJOB_STARTED', { hoursPerWeek: 10, employer: 'Byens Bageri ApS' });
        expect(statusOf(occ, 'contact-14d').at(-1)).toBe('cancelled');
        expect(statusOf(occ, 'other-actor-12m')).toEqual(['cancelled']);
        await register('FLEXJOB_AGREEMENT_RECORDED');
        await skipDays(14);
        occ = await register('CAPACITY_DECISION_ISSUED');
        expect(statusOf(occ, 'capacity-decision')).toEqual(['met']);
        for (let k = 1; k <= 4; k++) {
          await skipDays(k === 1 ? 20 : 35); // each within 6 weeks of the last, all within 6 months
          occ = await register('FLEXJOB_FOLLOWUP_HELD', { location: 'virksomheden' });
          expect(statusOf(occ, 'flexjob-followups', k)).toEqual(['met']);
        }
        expect(occ.filter((o) => o.code === 'flexjob-followups')).toHaveLength(4);

        // Years later: the 2½-year follow-up falls due and is held late; its successor is open.
        const statutory = occ.find((o) => o.code === 'statutory-followup-30m')!;
        p = await skipDays(
          Math.round((copenhagenStartOfDay(statutory.dueOn) - copenhagenStartOfDay(await h.today())) / DAY) + 2,
        );
        expect(statusOf(p.occurrences, 'statutory-followup-30m')).toEqual(['overdue']);
        occ = await register('STATUTORY_FOLLOWUP_HELD');
        expect(statusOf(occ, 'statutory-followup-30m')).toEqual(['met-late', 'open']);

        // The 4½-year status of the temporary fleksjob: decided permanent (the citizen is over 40).
        const status = occ.find((o) => o.code === 'temporary-status-54m')!;
        p = await skipDays(
          Math.round((copenhagenStartOfDay(status.dueOn) - copenhagenStartOfDay(await h.today())) / DAY) - 10,
        );
        expect(statusOf(p.occurrences, 'temporary-status-54m')).toEqual(['open']);
        occ = await register('TEMPORARY_STATUS_DECIDED', { outcome: 'permanent' });
        expect(statusOf(occ, 'temporary-status-54m')).toEqual(['met']);
        await expectProjectionMatchesEngine();

        const snapshot = await h.handle.query(caseSnapshotQuery);
        expect(snapshot.phase).toBe('JOB');
        expect(await h.occurrences()).toEqual(
          computeObligations(
            { birthDate: BIRTH },
            timeline.map((e) => e.event),
            snapshot.asOf,
          ).occurrences,
        );
        // One timer at a time, woken only when something can change: a handful of wake-ups per year, not per day.
        const history = await h.handle.fetchHistory();
        const timers = history.events?.filter((e) => e.timerStartedEventAttributes).length ?? 0;
        expect(timers).toBeLessThan(120);
        // Short histories, so a wake-up outside the worker cache replays little: the course rolled over into new
        // runs (continue-as-new at 120 history events), and the current run is short.
        expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
        expect(history.events?.length ?? 0).toBeLessThan(160);
        await captureHistory(h.handle, 'fleksjob-five-year-course');
        // The run that decided to roll over (its history carries the patch marker and the continue-as-new).
        const previousRun = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
        if (previousRun)
          await captureHistory(
            env.client.workflow.getHandle(h.handle.workflowId, previousRun),
            'fleksjob-five-year-course.rolled-over',
          );
      },
      { birthDate: BIRTH },
    );
  });
});
