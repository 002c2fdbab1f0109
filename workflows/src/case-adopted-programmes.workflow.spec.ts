/**
 * An installation's adopted trial programme reaches the case workflow as data in its input: the update validators
 * accept events naming it, and a case started without it refuses them. The workflow reads no programme file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEvaluateCase, TrialCatalogue } from '@frist/activities';
import { addDaysIso, applyEventsUpdate, caseSnapshotQuery, CaseRejection, copenhagenDate } from '@frist/contracts';
import { createTimeSkippingEnv, DEMO_PROGRAMME_FILE, withCaseWorkflow } from '@frist/testing';

let env: TestWorkflowEnvironment;
let dir: string;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  dir = mkdtempSync(join(tmpdir(), 'frist-wf-programme-'));
});
afterAll(async () => {
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

/** The demo programme under another id, its enrolment window and single version open around `today`. */
function localProgrammeFile(today: string): string {
  const demo = JSON.parse(readFileSync(DEMO_PROGRAMME_FILE, 'utf8'));
  const from = addDaysIso(today, -30);
  const path = join(dir, 'aht-local.programme.json');
  writeFileSync(
    path,
    JSON.stringify({
      ...demo,
      id: 'aht-local',
      enrolmentWindow: { from, to: addDaysIso(today, 200) },
      versions: [{ ...demo.versions[0], id: 'aht-local', effectiveFrom: from }],
      reasonCodes: demo.reasonCodes.map((r: object) => ({ ...r, effectiveFrom: from })),
    }),
  );
  return path;
}

const SDP = { caseType: 'sygedagpenge' as const, birthDate: undefined };
const trialStart = (d: string) =>
  [
    { type: 'SICK_LEAVE_STARTED', date: addDaysIso(d, -10) },
    { type: 'FIRST_FOLLOWUP_HELD', date: d, heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 4 },
    { type: 'TRIAL_ASSIGNED', date: d, program: 'aht-local', arm: 'participant' },
  ].map((event, i) => ({ eventId: `e${i}`, event }));

describe('adopted trial programmes in the case workflow (time-skipping)', () => {
  it('accepts events naming a programme its input carries; a case started without it refuses them', async () => {
    const today = copenhagenDate(await env.currentTimeMs());
    const catalogue = TrialCatalogue.fromFiles([localProgrammeFile(today)]);
    // The worker evaluates with the same catalogue (its ADOPTED_PROGRAMMES).
    const evaluateCase = createEvaluateCase([], catalogue.programmes);

    await withCaseWorkflow(
      env,
      evaluateCase,
      async ({ handle, today: now, projections, occurrences }) => {
        const d = await now();
        await handle.executeUpdate(applyEventsUpdate, { args: [{ events: trialStart(d) }] });
        // The update answered after its projection, which carries the enrolment.
        expect(projections.at(-1)!.enrolments).toEqual([
          expect.objectContaining({ program: 'aht-local', arm: 'participant', assignedOn: d, status: 'active' }),
        ]);
        expect((await occurrences()).filter((o) => o.program === 'aht-local').map((o) => o.code)).toContain(
          'aht-weekly-contact',
        );
      },
      SDP,
      undefined,
      { programmes: [...catalogue.adopted] },
    );

    await withCaseWorkflow(
      env,
      evaluateCase,
      async ({ handle, today: now, projections }) => {
        const d = await now();
        await expect(
          handle.executeUpdate(applyEventsUpdate, { args: [{ events: trialStart(d) }] }),
        ).rejects.toMatchObject({
          cause: {
            type: CaseRejection.InvalidEvent,
            message: expect.stringContaining('"aht-local" is not a trial programme (aht-2009)'),
          },
        });
        expect((await handle.query(caseSnapshotQuery)).evaluation?.events).toEqual([]);
        expect(projections.flatMap((p) => p.enrolments ?? [])).toEqual([]);
      },
      SDP,
    );
  });
});
