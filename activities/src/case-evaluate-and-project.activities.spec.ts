import { ApplicationFailure } from '@temporalio/common';
import {
  applyOccurrenceDelta,
  CaseFailure,
  type EvaluateAndProjectInput,
  type ProjectCaseInput,
} from '@frist/contracts';
import { FJ_4_SPRING_2026 } from '@frist/testing';
import { evaluateCase } from './case-evaluation.activities';
import { createEvaluateAndProjectCase } from './case-evaluate-and-project.activities';

describe('evaluateAndProjectCase (one local activity per change)', () => {
  const facts = {
    caseId: '0b6f7c1e-3f55-4d8e-9d8e-0e6a0f1a2b3c',
    citizenRef: 'ref',
    team: 'team-a',
    birthDate: '1980-05-05',
  };
  const events = [
    { type: 'CASE_OPENED' as const, date: '2027-01-04' },
    { type: 'PREPARATORY_PART_STARTED' as const, date: '2027-01-04' },
  ];
  const input = (over: Partial<EvaluateAndProjectInput> = {}): EvaluateAndProjectInput => ({
    facts,
    events,
    asOf: '2027-02-01',
    projection: { seq: 1, newEvents: [], retractedEvents: [], audit: [], moveCause: 'recomputation', force: false },
    ...over,
  });
  const recorder = () => {
    const projections: ProjectCaseInput[] = [];
    const run = createEvaluateAndProjectCase({
      evaluateCase,
      projectCase: (p) => {
        projections.push(p);
        return Promise.resolve();
      },
    });
    return { projections, run };
  };

  it('projects a changed answer with what the engine computed, and returns it with its fingerprint', async () => {
    const { projections, run } = recorder();
    const answer = await run(input());
    const { result, nextChangeOn } = await evaluateCase(input());
    expect(answer).toEqual({ result, nextChangeOn, fingerprint: expect.stringMatching(/^\S{27}=$/), projected: true });
    expect(projections).toEqual([
      expect.objectContaining({
        seq: 1,
        facts,
        phase: result.phase,
        asOf: '2027-02-01',
        occurrences: result.occurrences,
        overdueCount: 0,
        nextDueOn: result.occurrences[0].dueOn,
      }),
    ]);
  });

  it('does not project an unchanged answer, and returns it without the occurrences the workflow holds', async () => {
    const { projections, run } = recorder();
    const first = await run(input());
    const again = await run(input({ asOf: '2027-02-02', fingerprint: first.fingerprint }));
    expect(projections).toHaveLength(1);
    expect(again).toMatchObject({ fingerprint: first.fingerprint, projected: false, result: { asOf: '2027-02-02' } });
    expect(again.result.occurrences).toBeUndefined();
    expect(again.result.enrolments).toBeUndefined();
    expect(JSON.stringify(again).length).toBeLessThan(JSON.stringify(first).length / 2);
  });

  it('answers a changed evaluation as its difference from the occurrences held, which rebuilds the whole answer', async () => {
    const { projections, run } = recorder();
    // A case in visitation with contact held since: several deadlines, most of them already met.
    const course = input({ events: [{ type: 'CASE_OPENED', date: '2026-04-01' }, ...FJ_4_SPRING_2026.slice(0, 5)] });
    const first = await run({ ...course, asOf: '2026-09-01' });
    const held = first.result.occurrences!;
    // Weeks later the open contact deadline is overdue: the answer changed, but most occurrences did not.
    const later = await run({ ...course, asOf: '2026-10-20', fingerprint: first.fingerprint, held });
    const { result } = await evaluateCase({ ...course, asOf: '2026-10-20' });
    expect(later.projected).toBe(true);
    expect(projections[1].occurrences).toEqual(result.occurrences);
    expect(later.result.occurrences).toBeUndefined();
    expect(later.result.enrolments).toEqual(result.enrolments);
    expect(later.delta).toEqual({ length: result.occurrences.length, changed: expect.any(Array) });
    expect(later.delta!.changed.length).toBeGreaterThan(0);
    expect(later.delta!.changed.length).toBeLessThan(result.occurrences.length);
    expect(applyOccurrenceDelta(held, later.delta!)).toEqual(result.occurrences);
    expect(JSON.stringify(later).length).toBeLessThan(JSON.stringify(first).length / 2);
  });

  it('answers in full when nothing held is kept (a delta would not be smaller)', async () => {
    const { run } = recorder();
    const first = await run(input());
    const answer = await run(input({ asOf: '2027-04-01', fingerprint: 'other', held: [] }));
    expect(answer.delta).toBeUndefined();
    expect(answer.result.occurrences!.length).toBeGreaterThanOrEqual(first.result.occurrences!.length);
  });

  it('answers compactly when asked: the verdict, its dates and counts, never an occurrence, projected as before', async () => {
    const { projections, run } = recorder();
    // Past phase 1's ten weeks: one task overdue.
    const late = input({ asOf: '2027-04-01', compact: true });
    const answer = await run(late);
    const { result, nextChangeOn } = await evaluateCase(late);
    const { occurrences, enrolments: _enrolments, periods: _periods, ...verdict } = result;
    expect(occurrences.filter((o) => o.status === 'overdue')).toHaveLength(1);
    expect(answer).toEqual({
      result: verdict,
      nextChangeOn,
      fingerprint: expect.stringMatching(/^\S{27}=$/),
      projected: true,
      nextDueOn: occurrences.find((o) => o.status === 'overdue')!.dueOn,
      overdueCount: 1,
    });
    expect(projections).toEqual([expect.objectContaining({ occurrences, overdueCount: 1 })]);
    // The same answer again: not projected, still compact (nothing held is ever sent or needed).
    const again = await run({ ...late, fingerprint: answer.fingerprint });
    expect(again).toEqual({ ...answer, projected: false });
    expect(projections).toHaveLength(1);
  });

  it('projects an unchanged answer that brings events or audit entries to write (force)', async () => {
    const { projections, run } = recorder();
    const first = await run(input());
    const forced = await run(
      input({ fingerprint: first.fingerprint, projection: { ...input().projection, seq: 2, force: true } }),
    );
    expect(forced.projected).toBe(true);
    expect(projections.map((p) => p.seq)).toEqual([1, 2]);
    expect(projections[1].occurrences).toEqual(projections[0].occurrences);
  });

  it('a team move changes the fingerprint (the read model files the tasks under the new team)', async () => {
    const { projections, run } = recorder();
    const first = await run(input());
    await run(input({ facts: { ...facts, team: 'team-b' }, fingerprint: first.fingerprint }));
    expect(projections.map((p) => p.facts.team)).toEqual(['team-a', 'team-b']);
  });

  it('gives an engine that throws three attempts, then fails for good with the error class as reason', async () => {
    let calls = 0;
    const projections: ProjectCaseInput[] = [];
    const run = createEvaluateAndProjectCase({
      evaluateCase: () => {
        calls++;
        return Promise.reject(new RangeError('engine bug'));
      },
      projectCase: (p) => {
        projections.push(p);
        return Promise.resolve();
      },
    });
    const failure = await run(input()).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(failure).toMatchObject({
      type: CaseFailure.EngineFailed,
      nonRetryable: true,
      details: [{ reason: 'RangeError' }],
    });
    expect(projections).toHaveLength(0);
  });

  it('fails as the engine does (non-retryable ENGINE_FAILED) and projects nothing', async () => {
    const { projections, run } = recorder();
    const failure = await run(input({ facts: { ...facts, birthDate: '1800-01-01' } })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: CaseFailure.EngineFailed, nonRetryable: true });
    expect(projections).toHaveLength(0);
  });
});
