import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createEvaluateCase, withEvaluateAndProject } from '@frist/activities';
import {
  addDaysIso,
  applyEventsUpdate,
  caseWorkflowId,
  copenhagenDate,
  copenhagenStartOfDay,
  type ProjectCaseInput,
} from '@frist/contracts';
import {
  AHT_2009,
  computeObligations,
  defineProgramme,
  type CaseEvent,
  type Occurrence,
  type TrialProgramme,
} from '@frist/obligations';
import { captureHistory, createTimeSkippingEnv, eventually, bundledWorkflows } from '@frist/testing';

/*
 * Programme dates are fixed (aht-2009's midtvejsjustering is 2009-03-12) while the time-skipping server starts at
 * the real now and can only move forward, so each worker here evaluates with aht-2009 transposed to the test clock
 * (ComputeOptions.programmes through createEvaluateCase): the same id, arms, reason codes, overlays and version
 * parameters, with every date moved by the same offset. The workflow bundle, its update validators and the engine
 * code are the real ones.
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const DAY = 86_400_000;
const V1 = 'aht-2009';
const V2 = 'aht-2009-mj';
const daysBetween = (from: string, to: string) =>
  Math.round((copenhagenStartOfDay(to) - copenhagenStartOfDay(from)) / DAY);

/** aht-2009 with every date moved so that its midtvejsjustering falls on `changeOn`; `versions: 1` leaves it out. */
function transposedProgramme(changeOn: string, versions: 1 | 2): TrialProgramme {
  const offset = daysBetween(AHT_2009.versions[1].effectiveFrom, changeOn);
  const move = (d: string) => addDaysIso(d, offset);
  return defineProgramme({
    ...AHT_2009,
    enrolmentWindow: { from: move(AHT_2009.enrolmentWindow.from), to: move(AHT_2009.enrolmentWindow.to) },
    versions: AHT_2009.versions.slice(0, versions).map((v) => ({ ...v, effectiveFrom: move(v.effectiveFrom) })),
    reasonCodes: AHT_2009.reasonCodes.map((r) => ({ ...r, effectiveFrom: move(r.effectiveFrom) })),
  });
}

const key = (o: Occurrence) => `${o.code}#${o.occurrence}`;
const fixed = (o: Occurrence) => ({
  startedOn: o.startedOn,
  nominalDueOn: o.nominalDueOn,
  dueOn: o.dueOn,
  ruleSet: o.ruleSet,
});

/**
 * One sygedagpenge case in the trial, driven on the time-skipping server by whichever worker is running. It keeps
 * every projection, checks that each equals the engine's answer for the same timeline and day, and that no
 * occurrence, once shown, ever changes its dates or version.
 */
class TrialCase {
  readonly caseId = randomUUID();
  readonly taskQueue = `trial-${randomUUID()}`;
  readonly projections: ProjectCaseInput[] = [];
  readonly timeline: CaseEvent[] = [];
  private readonly shown = new Map<string, ReturnType<typeof fixed>>();
  private n = 0;
  private worker: { stop: () => Promise<void> } | undefined;
  /** The programme the running worker evaluates with, and so this test's own engine calls. */
  private programmes: readonly TrialProgramme[] = [];

  get handle() {
    return env.client.workflow.getHandle(caseWorkflowId(this.caseId));
  }

  async today(): Promise<string> {
    return copenhagenDate(await env.currentTimeMs());
  }

  /** Starts a worker on the case's task queue that evaluates with `programme` (as a worker release publishes it). */
  async startWorker(programme: TrialProgramme): Promise<void> {
    this.programmes = [programme];
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: this.taskQueue,
      ...(await bundledWorkflows()),
      // No sticky cache: the test server would hold the next task on a stopped worker's sticky queue, and its clock
      // cannot move while a task waits. Every task replays the (short) history instead.
      maxCachedWorkflows: 0,
      activities: withEvaluateAndProject({
        projectCase: async (p: ProjectCaseInput) => {
          this.projections.push(p);
          return Promise.resolve();
        },
        evaluateCase: createEvaluateCase([], this.programmes),
      }),
    });
    const running = worker.run();
    this.worker = {
      stop: async () => {
        worker.shutdown();
        await running;
      },
    };
  }

  /** Ends the case, then its worker: a sleeping case without a worker would stop the shared test clock later. */
  async finish(): Promise<void> {
    await this.handle.terminate('test finished').catch(() => undefined);
    await this.stopWorker();
  }

  async stopWorker(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
  }

  async start(): Promise<void> {
    await env.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(this.caseId),
      taskQueue: this.taskQueue,
      args: [{ facts: { caseId: this.caseId, citizenRef: 'ref-trial', team: 'team-sdp', caseType: 'sygedagpenge' } }],
    });
  }

  async register(...events: Array<Omit<CaseEvent, 'date'> & { date?: string }>) {
    const today = await this.today();
    const dated = events.map((e) => ({ ...e, date: e.date ?? today }) as CaseEvent);
    const first = this.timeline.length;
    const result = await this.handle.executeUpdate(applyEventsUpdate, {
      args: [{ events: dated.map((event) => ({ eventId: `e${++this.n}`, event })) }],
    });
    this.timeline.push(...dated);
    await this.expectProjectionMatchesEngine();
    // The snapshot carries every warning of the timeline; these are the ones about the events just registered.
    return { obligations: result.obligations, warnings: result.warnings.filter((w) => w.eventIndex >= first) };
  }

  /** Skips to a few hours into `date` (the day-start timer has fired), then checks the projection. */
  async skipTo(date: string, check = true): Promise<ProjectCaseInput | undefined> {
    await env.sleep(copenhagenStartOfDay(date) + 3 * 3_600_000 - (await env.currentTimeMs()));
    return check ? this.expectProjectionMatchesEngine() : undefined;
  }

  /** The latest projection equals the engine's answer today, and nothing shown before has moved. */
  async expectProjectionMatchesEngine(): Promise<ProjectCaseInput> {
    const asOf = await this.today();
    const expected = this.evaluate(asOf).occurrences;
    const last = await eventually(async () => {
      const p = this.projections.at(-1);
      return p && JSON.stringify(p.occurrences) === JSON.stringify(expected) ? p : undefined;
    }, `projection for ${asOf}`).catch(() => this.projections.at(-1)!);
    expect(last.occurrences).toEqual(expected);
    for (const p of this.projections)
      for (const o of p.occurrences) {
        const before = this.shown.get(key(o));
        if (before) expect({ [key(o)]: fixed(o) }).toEqual({ [key(o)]: before });
        else this.shown.set(key(o), fixed(o));
      }
    return last;
  }

  evaluate(asOf: string) {
    return computeObligations({ caseType: 'sygedagpenge' }, this.timeline, asOf, { programmes: this.programmes });
  }

  occurrence(code: string, n: number): Occurrence | undefined {
    return this.projections.at(-1)?.occurrences.find((o) => o.code === code && o.occurrence === n);
  }
}

/**
 * The midtvejsjustering on day E of a running trial: the participant is enrolled under v1, the workflow sleeps and
 * wakes across E, and every deadline shown before E stays where it was (T2 rule 4, §G rule 4, X11) while the
 * occurrences that start from E follow v2 (phone counts).
 */
async function walkAcrossTheChange(c: TrialCase, d0: string, changeOn: string): Promise<void> {
  // After E: the open contact from before E still refuses a phone call; an in-person talk meets it.
  await c.skipTo(addDaysIso(changeOn, 1));
  expect(c.occurrence('aht-weekly-contact', 2)).toMatchObject({ ruleSet: V1, startedOn: addDaysIso(d0, 13) });
  const phone = await c.register({ type: 'CONTACT_HELD', form: 'phone', heldBy: 'jobcenter' });
  expect(phone.warnings.map((w) => w.reason)).toEqual([expect.stringContaining(`FORM_NOT_ACCEPTED`)]);
  expect(c.occurrence('aht-weekly-contact', 2)?.status).toMatch(/^(open|overdue)$/);

  await c.skipTo(addDaysIso(changeOn, 2));
  await c.register({ type: 'CONTACT_HELD', form: 'in-person', heldBy: 'other-actor' });
  expect(c.occurrence('aht-weekly-contact', 2)?.status).toMatch(/^met/);
  expect(c.occurrence('aht-weekly-contact', 3)).toMatchObject({ ruleSet: V2, startedOn: addDaysIso(changeOn, 2) });

  // Window 2 opens on its own (a timer, no event) under v2; a phone call now meets contact #3.
  await c.skipTo(addDaysIso(d0, 21));
  expect(c.occurrence('aht-activity-10h', 2)).toMatchObject({ status: 'open', ruleSet: V2, week: 2 });
  await c.skipTo(addDaysIso(d0, 22));
  const later = await c.register({ type: 'CONTACT_HELD', form: 'phone', heldBy: 'jobcenter' });
  expect(later.warnings).toEqual([]);
  expect(c.occurrence('aht-weekly-contact', 3)?.status).toMatch(/^met/);
  expect(c.occurrence('aht-weekly-contact', 4)).toMatchObject({ ruleSet: V2 });

  // The statutory follow-up never noticed: 4 weeks from the first talk, as first shown.
  expect(c.occurrence('sdp-followup', 1)).toMatchObject({ startedOn: d0, nominalDueOn: addDaysIso(d0, 28) });
  // Every overlay row started before E is on v1, every later one on v2.
  for (const o of c.projections.at(-1)!.occurrences.filter((x) => x.program === 'aht-2009'))
    expect([key(o), o.ruleSet]).toEqual([key(o), o.startedOn < changeOn ? V1 : V2]);
}

/** Enrolment on d0 and the first two weeks under v1: contact #1 overdue, then met; window 1 opens at T + 14. */
async function enrolAndRunVersionOne(c: TrialCase, d0: string): Promise<void> {
  await c.start();
  const enrolled = await c.register(
    { type: 'SICK_LEAVE_STARTED', date: addDaysIso(d0, -49) },
    { type: 'FIRST_FOLLOWUP_HELD', form: 'in-person', heldBy: 'jobcenter', cadenceWeeks: 4 },
    { type: 'TRIAL_ASSIGNED', program: 'aht-2009', arm: 'participant' },
  );
  expect(enrolled.warnings).toEqual([]);
  expect(c.occurrence('aht-weekly-contact', 1)).toMatchObject({ status: 'open', ruleSet: V1, startedOn: d0 });
  expect(c.projections.at(-1)?.enrolments).toEqual([
    expect.objectContaining({ program: 'aht-2009', arm: 'participant', assignedOn: d0, status: 'active' }),
  ]);

  // Contact #1 turns overdue by the workflow's own timer, then is met late on d0 + 13.
  await c.skipTo(addDaysIso(d0, 13));
  expect(c.occurrence('aht-weekly-contact', 1)?.status).toBe('overdue');
  await c.register({ type: 'CONTACT_HELD', form: 'in-person', heldBy: 'offer-provider' });
  expect(c.occurrence('aht-weekly-contact', 2)).toMatchObject({ ruleSet: V1, startedOn: addDaysIso(d0, 13) });
}

describe('a trial case across a programme version change (time-skipping)', () => {
  jest.setTimeout(180_000);

  it('keeps the deadlines shown before the midtvejsjustering; later occurrences follow the new version', async () => {
    const c = new TrialCase();
    const d0 = await c.today();
    const changeOn = addDaysIso(d0, 17);
    await c.startWorker(transposedProgramme(changeOn, 2));
    try {
      await enrolAndRunVersionOne(c, d0);

      // Window 1 [d0 + 14, d0 + 20] opens by a timer before E, so it is v1's; 10 hours meet it.
      await c.skipTo(addDaysIso(d0, 14));
      expect(c.occurrence('aht-activity-10h', 1)).toMatchObject({ status: 'open', ruleSet: V1, week: 1 });
      await c.skipTo(addDaysIso(d0, 15));
      await c.register({ type: 'ACTIVE_OFFER_HOURS_REGISTERED', hours: 6, offerType: 'lab' });
      await c.skipTo(addDaysIso(d0, 16));
      await c.register({ type: 'ACTIVE_OFFER_HOURS_REGISTERED', hours: 4, offerType: 'preventive' });
      expect(c.occurrence('aht-activity-10h', 1)).toMatchObject({ status: 'met', ruleSet: V1 });

      await walkAcrossTheChange(c, d0, changeOn);
    } finally {
      await c.finish();
    }
  });

  it('a worker that adopts the new version while the case sleeps moves nothing already shown', async () => {
    const c = new TrialCase();
    const d0 = await c.today();
    const changeOn = addDaysIso(d0, 17);
    // Before: the workers know v1 only (the midtvejsjustering is not yet decided).
    await c.startWorker(transposedProgramme(changeOn, 1));
    await enrolAndRunVersionOne(c, d0).catch(async (error: unknown) => {
      await c.finish();
      throw error;
    });
    const beforeAdoption = c.projections.length;
    await c.stopWorker();

    // The case sleeps (its one timer is set for the first window, d0 + 14) while no worker runs. The new version is
    // published and goes out with the next worker release. The time-skipping server cannot move time while a fired
    // timer waits for a worker, so the new worker starts before the clock moves on.
    await c.startWorker(transposedProgramme(changeOn, 2));
    try {
      const woken = await c.skipTo(addDaysIso(d0, 14));
      expect(c.projections.length).toBeGreaterThan(beforeAdoption);
      expect(woken?.asOf).toBe(addDaysIso(d0, 14));
      // Window 1 opened by the timer, evaluated by the new worker: it starts before E, so it is v1's.
      expect(c.occurrence('aht-activity-10h', 1)).toMatchObject({ status: 'open', ruleSet: V1, week: 1 });
      await walkAcrossTheChange(c, d0, changeOn);
    } finally {
      await c.finish();
    }
  });

  it("projects a control arm's period end, which changes no task (the enrolment is in the change fingerprint)", async () => {
    const c = new TrialCase();
    const d0 = await c.today();
    await c.startWorker(transposedProgramme(addDaysIso(d0, 17), 2));
    try {
      await c.start();
      await c.register(
        { type: 'SICK_LEAVE_STARTED', date: addDaysIso(d0, -49) },
        { type: 'FIRST_FOLLOWUP_HELD', form: 'in-person', heldBy: 'jobcenter', cadenceWeeks: 8 },
        { type: 'TRIAL_ASSIGNED', program: 'aht-2009', arm: 'control' },
      );
      const lastDay = c.projections.at(-1)!.enrolments![0].lastDayOn;
      const dayAfter = addDaysIso(lastDay, 1);
      // The precondition that makes this a test of the fingerprint: on L + 1 no occurrence changes at all.
      expect(c.evaluate(dayAfter).occurrences).toEqual(c.evaluate(lastDay).occurrences);
      await c.skipTo(lastDay);
      expect(c.projections.at(-1)!.enrolments).toEqual([expect.objectContaining({ arm: 'control', status: 'active' })]);
      const projected = await c.skipTo(dayAfter);
      expect(projected?.asOf).toBe(dayAfter);
      expect(projected?.enrolments).toEqual([
        expect.objectContaining({ arm: 'control', status: 'completed', outcome: 'period-ended' }),
      ]);
      await captureHistory(c.handle, 'trial-control-arm-period-end');
    } finally {
      await c.finish();
    }
  });
});
