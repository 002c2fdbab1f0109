import request from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { RuleChangeRegistry } from '@frist/persistence';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface Obligation {
  code: string;
  ruleSet: string;
  legalBasis: { text: string } | null;
}

/**
 * A case opened after MIG-2026 was published is under the law in force from its first evaluation (law-2026 M3: the
 * migration recomputes every case), not only the cases the rollout found running.
 */
describe('new cases after MIG-2026 is published', () => {
  jest.setTimeout(240_000);
  let e2e: ApiE2e<App>;
  const team = 'lov-nord';
  let caseworker: string;
  const today = () => copenhagenDate(Date.now());
  const http = () => request(e2e.app.getHttpServer());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    caseworker = await e2e.token('caseworker', [team], 'sagsbehandler-lov');
  });
  afterAll(() => e2e?.close());

  const open = (citizenRef: string, events: object[]) =>
    http()
      .post('/api/v1/cases')
      .set('authorization', caseworker)
      .send({ citizenRef, team, birthDate: '1978-03-02', events });
  const obligations = async (caseId: string) =>
    eventually(async () => {
      const res = await http().get(`/api/v1/cases/${caseId}`).set('authorization', caseworker).expect(200);
      const rows = res.body.obligations as Obligation[];
      return rows.length ? rows : undefined;
    }, `case ${caseId} projected`);
  const visitation = () => ({ eventId: 'v', type: 'VISITATION_DECIDED', date: addDaysIso(today(), -20) });
  const healthAdvice = () => ({
    eventId: 'h',
    type: 'HEALTH_ADVICE_REQUESTED',
    date: addDaysIso(today(), -30),
    provider: 'klinisk-funktion',
  });

  it('opens cases under fleksjob-2024 until publication, and under the 2026 rule sets after it', async () => {
    // Before: the 2024 rules, and a law-2026 event is refused (M3: not recorded before MIG-2026).
    const before = await open('fagsystem-foer', [visitation()]).expect(201);
    const beforeRows = await obligations(before.body.caseId as string);
    expect(new Set(beforeRows.map((o) => o.ruleSet))).toEqual(new Set(['fleksjob-2024']));
    expect(beforeRows.some((o) => o.code === 'ly-jobtalk')).toBe(false);
    const refused = await open('fagsystem-foer-2', [healthAdvice(), visitation()]).expect(400);
    expect(refused.body.code).toBe('INVALID_EVENT');

    // A second person approves and someone publishes MIG-2026 (the governed life cycle).
    const registry = new RuleChangeRegistry(e2e.ds);
    const now = new Date();
    const change = await registry.draft(
      { kind: 'migration', target: 'MIG-2026', title: 'Lov nr. 1750/2025' },
      { sub: 'jurist-a', role: 'jurist' },
      now,
    );
    await registry.approve(change.id, { sub: 'jurist-b', role: 'jurist' }, ['lov nr. 1750 af 29/12/2025'], now);
    await registry.publish(change.id, { sub: 'jurist-b', role: 'jurist' }, now);

    // After: the same opening takes the law in force, the law-2026 event is accepted.
    const after = await open('fagsystem-efter', [healthAdvice(), visitation()]).expect(201);
    const afterRows = await obligations(after.body.caseId as string);
    const jobtalk = afterRows.find((o) => o.code === 'ly-jobtalk');
    expect(jobtalk).toMatchObject({ ruleSet: 'fleksjob-2026' });
    expect(jobtalk?.legalBasis?.text).toMatch(/§ 31/);
    expect(afterRows.every((o) => o.ruleSet !== 'fleksjob-2024')).toBe(true);
  });
});
