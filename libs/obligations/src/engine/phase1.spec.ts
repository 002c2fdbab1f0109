import { computeObligations, nextChangeOn } from '../index';

describe('phase1-target (D1)', () => {
  it('F4: Grundlovsdag shift, reminder, cancelled by a ressourceforløb recommendation', () => {
    const r = computeObligations(
      { birthDate: '1975-01-01' },
      [
        { type: 'PREPARATORY_PART_STARTED', date: '2026-03-27' },
        { type: 'REHAB_TEAM_MEETING_HELD', date: '2026-05-28', recommendation: 'resource-course' },
      ],
      '2026-06-10',
    );
    expect(r.occurrences).toEqual([
      expect.objectContaining({
        code: 'phase1-target',
        occurrence: 1,
        kind: 'target',
        status: 'cancelled',
        startedOn: '2026-03-27',
        nominalDueOn: '2026-06-05',
        dueOn: '2026-06-04',
        remindOn: '2026-05-22',
        cancelledOn: '2026-05-28',
        title: 'Fase 1: sagen bør være visiteret senest 2026-06-04',
      }),
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('F5a/F5b: store bededag 2023 shifts, the same Friday in 2024 does not', () => {
    const a = computeObligations(
      { birthDate: '1975-01-01' },
      [{ type: 'PREPARATORY_PART_STARTED', date: '2023-02-24' }],
      '2023-05-05',
    );
    expect(a.occurrences[0]).toMatchObject({
      status: 'overdue',
      dueOn: '2023-05-04',
      nominalDueOn: '2023-05-05',
      remindOn: '2023-04-21',
      ruleSet: 'fleksjob-2024',
    });
    const b = computeObligations(
      { birthDate: '1975-01-01' },
      [{ type: 'PREPARATORY_PART_STARTED', date: '2024-02-16' }],
      '2024-04-26',
    );
    expect(b.occurrences[0]).toMatchObject({ status: 'open', dueOn: '2024-04-26', remindOn: '2024-04-12' });
    expect(nextChangeOn(b)).toBe('2024-04-27');
  });
});
