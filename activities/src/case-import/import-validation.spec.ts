import { checkImportCase, importCaseId } from './import-validation';
import { readImportFile } from './import-source';

const today = '2026-12-07';
const good = {
  citizenRef: 'SAG-1',
  team: 'fleks-nord',
  birthDate: '1980-01-01',
  events: [
    { eventId: 'J1', type: 'PREPARATORY_PART_STARTED', date: '2026-01-05' },
    { eventId: 'J2', type: 'REHAB_TEAM_MEETING_HELD', date: '2026-02-20', recommendation: 'flexjob' },
    { eventId: 'J3', type: 'VISITATION_DECIDED', date: '2026-03-01' },
    { eventId: 'J4', type: 'BENEFIT_STARTED', date: '2026-03-01' },
  ],
};
const check = (raw: unknown, teams?: string[]) =>
  checkImportCase({ line: 7, raw }, { today, ...(teams ? { teams } : {}) });

describe('checkImportCase', () => {
  it('accepts a valid case with a stable caseId, a content hash and what is overdue on day one', () => {
    const c = check(good);
    expect(c.status).toBe('accepted');
    expect(c.caseId).toBe(importCaseId('fleksjob', 'SAG-1'));
    expect(c.caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c.plan!.events.map((e) => e.eventId)).toEqual(['J1', 'J2', 'J3', 'J4']);
    // Nobody contacted the citizen since March: the 14-day contact is overdue the day the case arrives.
    expect(c.overdue.map((o) => o.code)).toContain('contact-14d');
    expect(check(good).plan!.contentHash).toBe(c.plan!.contentHash);
    expect(check({ ...good, team: 'fleks-syd' }).plan!.contentHash).not.toBe(c.plan!.contentHash);
  });

  it.each([
    [
      'unknown type',
      { events: [{ eventId: 'J1', type: 'MOEDE', date: '2026-01-05' }] },
      0,
      'type',
      /ukendt hændelsestype «MOEDE»/,
    ],
    [
      'missing field',
      { events: [{ eventId: 'J1', type: 'CONTACT_HELD', date: '2026-01-05' }] },
      0,
      'form',
      /skal udfyldes/,
    ],
    [
      'impossible date',
      { events: [{ eventId: 'J1', type: 'CASE_OPENED', date: '2026-02-30' }] },
      0,
      'date',
      /gyldig dato/,
    ],
    [
      'future event',
      { events: [{ eventId: 'J1', type: 'CASE_OPENED', date: '2026-12-08' }] },
      0,
      'date',
      /efter i dag/,
    ],
    [
      'bad eventId',
      { events: [{ eventId: 'J 1', type: 'CASE_OPENED', date: '2026-01-05' }] },
      0,
      'eventId',
      /eventId skal være/,
    ],
    [
      'duplicate eventId',
      { events: [good.events[0], { ...good.events[2], eventId: 'J1' }] },
      1,
      'eventId',
      /samme eventId/,
    ],
    [
      'permanent under 40',
      {
        birthDate: '2000-01-01',
        events: [{ eventId: 'J1', type: 'TEMPORARY_STATUS_DECIDED', date: '2026-01-05', outcome: 'permanent' }],
      },
      0,
      'outcome',
      /fyldt 40 år/,
    ],
  ])('rejects %s with the event index, field and a Danish reason', (_name, patch, index, field, reason) => {
    const c = check({ ...good, ...patch });
    expect(c.status).toBe('rejected');
    expect(c.plan).toBeUndefined();
    expect(c.issues).toHaveLength(1);
    expect(c.issues[0]).toMatchObject({ eventIndex: index, field, line: 7 });
    expect(c.issues[0].reason).toMatch(reason);
  });

  it.each([
    ['CPR as citizenRef', { citizenRef: '0101901234' }, 'citizenRef', /CPR-nummer/],
    ['team not a slug', { team: 'Fleks Nord' }, 'team', /holdnavn/],
    ['no birth date on a fleksjob case', { birthDate: undefined }, 'birthDate', /fødselsdato skal udfyldes/],
    ['unknown case type', { caseType: 'kontanthjælp' }, 'caseType', /fleksjob eller sygedagpenge/],
    ['caseId not a UUID', { caseId: 'x' }, 'caseId', /UUID/],
  ])('rejects %s as a case-level issue', (_name, patch, field, reason) => {
    const c = check({ ...good, ...patch });
    expect(c.status).toBe('rejected');
    expect(c.issues[0]).toMatchObject({ field });
    expect(c.issues[0].eventIndex).toBeUndefined();
    expect(c.issues[0].reason).toMatch(reason);
  });

  it('rejects a team outside the caller when the caller is scoped (the API)', () => {
    expect(check(good, ['fleks-syd']).issues[0]).toMatchObject({
      field: 'team',
      reason: 'holdet er ikke et af dine hold',
    });
    expect(check(good, ['fleks-nord']).status).toBe('accepted');
  });

  it('drops the birth date of a sygedagpenge case (it stores no personal fact)', () => {
    const c = check({
      citizenRef: 'SDP-1',
      team: 'sdp-midt',
      caseType: 'sygedagpenge',
      birthDate: '1980-01-01',
      events: [{ eventId: 'S1', type: 'SICK_LEAVE_STARTED', date: '2026-10-01' }],
    });
    expect(c.status).toBe('accepted');
    expect(c.plan!.facts).toEqual({
      caseId: c.caseId,
      citizenRef: 'SDP-1',
      team: 'sdp-midt',
      caseType: 'sygedagpenge',
    });
  });
});

describe('readImportFile', () => {
  it('reads JSON Lines, one case per line, and reports a line that is not JSON', () => {
    const records = readImportFile(`${JSON.stringify(good)}\n\n{"citizenRef": \n[1]\n`, 'jsonl');
    expect(records.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(records[1].unreadable?.reason).toBe('linjen er ikke gyldig JSON');
    expect(records[2].unreadable?.reason).toMatch(/ét JSON-objekt/);
    expect(check(records[0].raw).status).toBe('accepted');
  });

  it('groups CSV event rows by case, maps extra columns to typed event fields and keeps each row’s line', () => {
    const csv = [
      '\uFEFFcitizenRef;team;caseType;birthDate;eventId;type;date;recommendation;hoursPerWeek;employer',
      'SAG-1;fleks-nord;fleksjob;1980-01-01;J1;PREPARATORY_PART_STARTED;2026-01-05;;;',
      'SAG-2;fleks-syd;;1975-05-05;K1;FLEXJOB_STARTED;2026-02-01;;12,5;"Bager; Nord"',
      'SAG-1;fleks-nord;fleksjob;1980-01-01;J2;REHAB_TEAM_MEETING_HELD;2026-02-20;flexjob;;',
    ].join('\r\n');
    const records = readImportFile(csv, 'csv');
    expect(records.map((r) => [r.line, r.eventLines])).toEqual([
      [2, [2, 4]],
      [3, [3]],
    ]);
    expect(records[0].raw).toEqual({
      citizenRef: 'SAG-1',
      team: 'fleks-nord',
      caseType: 'fleksjob',
      birthDate: '1980-01-01',
      events: [
        { eventId: 'J1', type: 'PREPARATORY_PART_STARTED', date: '2026-01-05' },
        { eventId: 'J2', type: 'REHAB_TEAM_MEETING_HELD', date: '2026-02-20', recommendation: 'flexjob' },
      ],
    });
    expect((records[1].raw as { events: unknown[] }).events[0]).toEqual({
      eventId: 'K1',
      type: 'FLEXJOB_STARTED',
      date: '2026-02-01',
      hoursPerWeek: 12.5,
      employer: 'Bager; Nord',
    });
  });

  it('names the CSV line of an invalid event and rejects rows of one case whose facts disagree', () => {
    const csv = [
      'citizenRef,team,birthDate,eventId,type,date',
      'SAG-1,fleks-nord,1980-01-01,J1,PREPARATORY_PART_STARTED,2026-01-05',
      'SAG-1,fleks-nord,1980-01-01,J2,NOPE,2026-01-06',
      'SAG-3,fleks-nord,1980-01-01,J1,CASE_OPENED,2026-01-05',
      'SAG-3,fleks-syd,1980-01-01,J2,CASE_OPENED,2026-01-06',
    ].join('\n');
    const [first, second] = readImportFile(csv, 'csv').map((r) => checkImportCase(r, { today }));
    expect(first.issues).toEqual([expect.objectContaining({ eventIndex: 1, line: 3, field: 'type' })]);
    expect(second.issues[0].reason).toMatch(/forskellige sagsfakta/);
  });

  it('reports a CSV without the required columns instead of guessing', () => {
    const [r] = readImportFile('citizenRef;team\nSAG-1;fleks-nord\n', 'csv');
    expect(r.unreadable?.detail).toMatch(/missing column\(s\) eventId, type, date/);
  });
});
