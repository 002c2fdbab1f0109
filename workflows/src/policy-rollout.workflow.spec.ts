import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { evaluateCase } from '@frist/activities';
import {
  applyEventsUpdate,
  caseSnapshotQuery,
  reevaluateSignal,
  type AppliedPolicyDecision,
  type ProjectCaseInput,
} from '@frist/contracts';
import { FLEKSJOB_2026 } from '@frist/obligations';
import { captureHistory, createTimeSkippingEnv, eventually, FJ_4_SPRING_2026, withCaseWorkflow } from '@frist/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const MIG_2026 = { id: 'MIG-2026', publishedOn: FLEKSJOB_2026.effectiveFrom } as const;
/** A fleksjob case running since spring 2026 (law-2026 FJ-4): its last talk (2026-09-28) starts contact-14d #5. */
const SPRING_2026 = FJ_4_SPRING_2026.map((event, i) => ({ eventId: `e${i}`, event }));

const CHANGE = {
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  title: 'Team A: intet fast kontaktforløb',
  decisionDate: '2026-08-20',
  effectiveFrom: '2026-09-01',
};
/** What the rollout sends: every applied decision, each with its scope (another team's must not reach team-a). */
const APPLIED: AppliedPolicyDecision[] = [
  { ...CHANGE, target: 'team-a', switch: 'contactCadence.enabled', enabled: false },
  {
    id: '6f1c2d3e-0000-4000-8000-000000000002',
    title: 'Team B: ingen passivitetsscreening',
    target: 'team-b',
    switch: 'passivity.enabled',
    enabled: false,
    decisionDate: '2026-08-20',
    effectiveFrom: '2026-08-01',
  },
];
const keys = (p: ProjectCaseInput) => p.occurrences.map((o) => `${o.code}#${o.occurrence}`);

describe('an applied policy decision reaches a running case only through its rollout (time-skipping)', () => {
  it('takes the decisions from the signal as data, projects once with the decision as cause, and keeps them', async () => {
    await withCaseWorkflow(env, evaluateCase, async ({ handle, projections, today }) => {
      await handle.executeUpdate(applyEventsUpdate, { args: [{ events: SPRING_2026 }] });
      await handle.signal(reevaluateSignal, { cause: 'rule-set-change', ruleSet: 'MIG-2026', migration: MIG_2026 });
      const migrated = await eventually(
        async () => Promise.resolve(projections.find((p) => p.migration)),
        'the migrated projection',
      );
      // Under the default policy the talk of 2026-09-28 starts a contact deadline.
      expect(keys(migrated)).toContain('contact-14d#5');
      expect(migrated.policy).toBeUndefined();

      await handle.signal(reevaluateSignal, {
        cause: 'rule-set-change',
        ruleSet: `policy-${CHANGE.id}`,
        policy: { change: CHANGE, decisions: APPLIED },
      });
      const applied = await eventually(
        async () => Promise.resolve(projections.find((p) => p.policy)),
        'the projection under the policy decision',
      );
      expect(applied.policy).toEqual(CHANGE);
      // From its effective date no contact deadline starts; what started before is untouched.
      expect(keys(applied)).not.toContain('contact-14d#5');
      const before = new Map(migrated.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]));
      for (const o of applied.occurrences)
        expect([o.code, o.occurrence, o.dueOn, o.status]).toEqual([
          o.code,
          o.occurrence,
          before.get(`${o.code}#${o.occurrence}`)?.dueOn,
          before.get(`${o.code}#${o.occurrence}`)?.status,
        ]);
      // Team B's decision is not team A's: the passivity tasks stay.
      expect(keys(applied).some((k) => k.startsWith('passivity-'))).toBe(true);

      // The same decisions again (a second apply) change nothing: no evaluation, no projection.
      const count = projections.length;
      await handle.signal(reevaluateSignal, {
        cause: 'rule-set-change',
        ruleSet: `policy-${CHANGE.id}`,
        policy: { change: CHANGE, decisions: APPLIED },
      });
      await handle.query(caseSnapshotQuery);
      expect(projections.length).toBe(count);

      // A later talk is evaluated under the decision without a rollout: the workflow state carries it.
      await env.sleep('1 day');
      const day = await today();
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'later', event: { type: 'CONTACT_HELD', date: day, form: 'phone' } }] }],
      });
      const later = projections.at(-1)!;
      expect(later.policy).toBeUndefined();
      expect(later.occurrences.filter((o) => o.code === 'contact-14d' && o.startedOn >= '2026-09-01')).toEqual([]);
      await captureHistory(handle, 'policy-rollout');
    });
  });
});
