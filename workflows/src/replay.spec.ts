import { Worker } from '@temporalio/worker';
import { loadHistoryFixtures, sharedWorkflowBundle } from '@frist/testing';

/**
 * Every committed history (captured from real runs with `npm run capture-histories`) must replay against the
 * current workflow code: a change that would break a running case fails here, not in production.
 */
describe('workflow replay of committed histories', () => {
  const fixtures = loadHistoryFixtures();

  it('has histories to replay', () => {
    const scenarios = [
      'fleksjob-five-year-course',
      'phase1-overdue-then-met',
      'corrections-and-retractions',
      'moved-to-another-team',
    ];
    // Captured before the projection became a local activity (patch 'projection-as-local-activity'): running cases
    // with such histories must keep replaying, so these are kept, never re-captured.
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        ...scenarios,
        ...scenarios.map((s) => `before-local-projection.${s}`),
        // Patch 'case-needs-attention': an engine failure, then a retraction that recovers the case.
        'needs-attention-then-retracted',
        // Patch 'law-migration': a running case takes MIG-2026 from a re-evaluation signal, a repeat is a no-op.
        'law-migration-mig-2026',
        // Patch 'policy-rollout': a migrated case takes applied policy decisions from a re-evaluation signal.
        'policy-rollout',
        // Patch 'evaluate-and-project': one local activity evaluates and projects each change. The histories above
        // were captured before it (two local activities per change) and are kept, never re-captured.
        ...scenarios.map((s) => `evaluate-and-project.${s}`),
        'evaluate-and-project.fleksjob-five-year-course.rolled-over',
        'evaluate-and-project.needs-attention-then-retracted',
        'evaluate-and-project.law-migration-mig-2026',
        'evaluate-and-project.trial-control-arm-period-end',
        'evaluate-and-project.policy-rollout',
        // A changed answer recorded as its difference from the occurrences held (no patch: same commands).
        'occurrence-delta.contact-overdue-at-wake-up',
        'occurrence-delta.fleksjob-five-year-course',
        'occurrence-delta.fleksjob-five-year-course.rolled-over',
        'occurrence-delta.law-migration-mig-2026',
        'occurrence-delta.policy-rollout',
        'occurrence-delta.trial-control-arm-period-end',
        // An update that asks for the verdict (the API's create): its answer carries no occurrences.
        'update-verdict.visitation-and-contact',
        // A bulk import's start: the events' shared recordedAt and actor once, in eventDefaults (no patch: an input
        // format the workflow reads before it issues any command).
        'event-defaults.imported-start',
      ]),
    );
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('replays %s deterministically', async (_name, { history }) => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: await sharedWorkflowBundle() }, history),
    ).resolves.toBeUndefined();
  });
});
