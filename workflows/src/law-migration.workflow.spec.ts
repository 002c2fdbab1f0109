import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { evaluateCase } from '@frist/activities';
import { applyEventsUpdate, caseSnapshotQuery, reevaluateSignal, type ProjectCaseInput } from '@frist/contracts';
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
/** A fleksjob case running since spring 2026 (the spec's FJ-4 timeline), recorded before MIG-2026. */
const SPRING_2026 = FJ_4_SPRING_2026.map((event, i) => ({ eventId: `e${i}`, event }));

const byKey = (p: ProjectCaseInput) => new Map(p.occurrences.map((o) => [`${o.code}#${o.occurrence}`, o]));

describe('MIG-2026 reaches a running case through the re-evaluation signal (time-skipping)', () => {
  it('keeps shown deadlines, adds the backfilled occurrences once, and carries the migration across days', async () => {
    await withCaseWorkflow(env, evaluateCase, async ({ handle, projections, today }) => {
      await handle.executeUpdate(applyEventsUpdate, { args: [{ events: SPRING_2026 }] });
      const shown = projections.at(-1)!;
      expect(shown.migration).toBeUndefined();
      expect(shown.occurrences.some((o) => o.code.startsWith('ly-'))).toBe(false);

      await handle.signal(reevaluateSignal, { cause: 'rule-set-change', ruleSet: 'MIG-2026', migration: MIG_2026 });
      const migrated = await eventually(
        async () => Promise.resolve(projections.find((p) => p.migration)),
        'the migrated projection',
      );
      expect(migrated.migration).toEqual(MIG_2026);
      expect(migrated.moveCause).toBe('rule-set-change');

      // No shown deadline moves (N5); label-only changes are allowed and audited by the projection.
      const after = byKey(migrated);
      for (const [key, o] of byKey(shown)) expect([key, after.get(key)?.dueOn]).toEqual([key, o.dueOn]);
      const added = migrated.occurrences.filter((o) => !byKey(shown).has(`${o.code}#${o.occurrence}`));
      expect(added.map((o) => `${o.code}#${o.occurrence}`).sort()).toEqual([
        'ly-jobtalk#1',
        'ly-jobtalk#2',
        'ly-jobtalk#3',
        'ly-jobtalk#4',
        'ly-reassessment#1',
      ]);
      expect(added.every((o) => o.backfilled === true && o.ruleSet === 'fleksjob-2026')).toBe(true);
      expect(after.get('contact-14d#5')).toMatchObject({ ruleSet: 'fleksjob-2026', kind: 'policy' });

      // A second apply is a no-op: no evaluation, no projection.
      const count = projections.length;
      await handle.signal(reevaluateSignal, { cause: 'rule-set-change', ruleSet: 'MIG-2026', migration: MIG_2026 });
      await handle.query(caseSnapshotQuery); // the signal has been processed
      expect(projections.length).toBe(count);

      // A later change is still evaluated migrated: the workflow state, not the signal, carries the migration.
      await env.sleep('1 day');
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'later', event: { type: 'CONTACT_HELD', date: await today(), form: 'phone' } }] }],
      });
      const later = projections.at(-1)!;
      expect(later.migration).toBeUndefined();
      expect(later.occurrences.filter((o) => o.backfilled).map((o) => `${o.code}#${o.occurrence}`)).toEqual(
        expect.arrayContaining(['ly-jobtalk#1', 'ly-reassessment#1']),
      );
      await captureHistory(handle, 'law-migration-mig-2026');
    });
  });
});
