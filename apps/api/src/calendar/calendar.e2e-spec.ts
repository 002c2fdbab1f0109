import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { icalendarPython, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface ParsedFeed {
  name: string;
  version: string;
  events: {
    uid: string;
    summary: string;
    description: string;
    url: string;
    allDay: boolean;
    start: string;
    sequence: number;
  }[];
}

const readIcs = join(__dirname, '../../../../libs/testing/src/ics/read-ics.py');
/** The feed as PyPI's icalendar reads it (an independent parser, not ical-generator). */
const parse = (ics: string): ParsedFeed =>
  JSON.parse(execFileSync(icalendarPython(), [readIcs], { input: ics, encoding: 'utf8' })) as ParsedFeed;

/** Calendar feeds end to end: tokens, my tasks and my team's as RFC 5545, revocation; no citizen reference leaks. */
describe('calendar feeds', () => {
  let e2e: ApiE2e<App>;
  const team = `cal-${randomUUID().slice(0, 8)}`;
  const citizenRef = 'fagsystem-hemmelig-4711';
  let cw: string;
  let cw2: string;
  let tasks: { taskId: string; title: string; dueOn: string; status: string; version: number }[];
  let claimed: { taskId: string; title: string; dueOn: string; version: number };

  const http = () => request(e2e.app.getHttpServer());
  const text = (req: request.Test) =>
    req.buffer(true).parse((res, cb) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => cb(null, body));
    });

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    [cw, cw2] = await Promise.all([
      e2e.token('caseworker', [team], 'cw-cal'),
      e2e.token('caseworker', [team], 'cw-other'),
    ]);
    const today = copenhagenDate(Date.now());
    await http()
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        citizenRef,
        team,
        birthDate: '1981-04-02',
        events: [
          { eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today, -90) },
          { eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today, -20) },
        ],
      })
      .expect(201);
    tasks = (await http().get(`/api/v1/tasks?team=${team}`).set('authorization', cw).expect(200)).body.items;
    expect(tasks.length).toBeGreaterThan(1);
    const t = tasks[0];
    const res = await http()
      .post(`/api/v1/tasks/${t.taskId}/claim`)
      .set('authorization', cw)
      .set('if-match', `"${t.version}"`)
      .expect(200);
    claimed = res.body;
  });
  afterAll(() => e2e?.close());

  const createFeed = async (body: object, who = cw, status = 201) =>
    (await http().post('/api/v1/calendar/feeds').set('authorization', who).send(body).expect(status)).body as {
      id: string;
      token: string;
      url: string;
      code?: string;
    };

  it('serves my claimed tasks as all-day events on the due date, read by an independent parser', async () => {
    const feed = await createFeed({ kind: 'mine' });
    expect(feed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feed.url).toMatch(new RegExp(`/api/v1/calendar/${feed.token}\\.ics$`));
    // No bearer header: the token in the URL is the credential.
    const res = await text(http().get(new URL(feed.url).pathname)).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = res.body as string;
    expect(ics).not.toContain(citizenRef);
    const parsed = parse(ics);
    expect(parsed.version).toBe('2.0');
    expect(parsed.name).toBe('frist – mine opgaver');
    expect(parsed.events).toHaveLength(1);
    const [event] = parsed.events;
    expect(event).toMatchObject({
      uid: `${claimed.taskId}@frist`,
      allDay: true,
      start: claimed.dueOn,
      sequence: claimed.version,
    });
    expect(event.summary).toContain(claimed.title);
    // The legal basis from the engine's table, never the rule set's internal source (which cites the spec).
    expect(event.description).toMatch(/^Hjemmel: \S/);
    expect(event.description).not.toMatch(/\bL\d{3,4}\b|model target/);
    expect(event.url).toMatch(new RegExp(`/#/sag/[0-9a-f-]{36}\\?opgave=${claimed.taskId}$`));
  });

  it('serves a team’s open tasks with stable UIDs, and refuses a team that is not mine', async () => {
    const feed = await createFeed({ kind: 'team', team });
    const path = new URL(feed.url).pathname;
    const first = parse((await text(http().get(path)).expect(200)).body as string);
    const open = tasks.filter((t) => t.status === 'open' || t.status === 'overdue');
    expect(first.events.map((e) => e.uid).sort()).toEqual(open.map((t) => `${t.taskId}@frist`).sort());
    expect(first.events.every((e) => e.allDay)).toBe(true);
    const second = parse((await text(http().get(path)).expect(200)).body as string);
    expect(second.events.map((e) => e.uid)).toEqual(first.events.map((e) => e.uid));

    const refused = await createFeed({ kind: 'team', team: 'not-my-team' }, cw, 403);
    expect(refused.code).toBe('FORBIDDEN');
    expect((await createFeed({ kind: 'team' }, cw, 400)).code).toBe('VALIDATION_FAILED');
  });

  it('lists my feeds without tokens and revokes one: its URL answers 404 from then on', async () => {
    const feed = await createFeed({ kind: 'mine' });
    const list = (await http().get('/api/v1/calendar/feeds').set('authorization', cw).expect(200)).body.items;
    expect(list.map((f: { id: string }) => f.id)).toContain(feed.id);
    expect(JSON.stringify(list)).not.toContain(feed.token);
    // Someone else cannot revoke it, and does not see it.
    await http().delete(`/api/v1/calendar/feeds/${feed.id}`).set('authorization', cw2).expect(404);
    expect((await http().get('/api/v1/calendar/feeds').set('authorization', cw2).expect(200)).body.items).toEqual([]);
    await http().delete(`/api/v1/calendar/feeds/${feed.id}`).set('authorization', cw).expect(204);
    const gone = await http().get(new URL(feed.url).pathname).expect(404);
    expect(gone.body.code).toBe('CALENDAR_FEED_NOT_FOUND');
    await http().delete(`/api/v1/calendar/feeds/${feed.id}`).set('authorization', cw).expect(404);
  });

  it('answers 404 to an unknown or malformed token, without a bearer token', async () => {
    await http()
      .get(`/api/v1/calendar/${'A'.repeat(43)}.ics`)
      .expect(404);
    await http().get('/api/v1/calendar/short.ics').expect(404);
    await http()
      .get(`/api/v1/calendar/${'A'.repeat(43)}.txt`)
      .expect(404);
  });
});
