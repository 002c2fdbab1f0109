import request from 'supertest';
import { DomainError, ErrorCode, httpStatusOf } from '../common/domain-error';
import { createControllerApp, type ControllerApp, type StrictMock } from '../testing/controller-app';
import { assertIfMatch } from './if-match';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

const TASK_ID = '0b6f3c2a-1d4e-4f5a-8b7c-9d0e1f2a3b4c';
const task = (version: number) => ({ taskId: TASK_ID, code: 'contact-14d', status: 'open', caseId: 'c-1', version });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The tasks controller over HTTP without servers: ETag and If-Match, the pipes in front of the service, and the
 * mapping of every failure to problem details. The service is a strict mock.
 */
describe('TasksController (controller tier)', () => {
  let c: ControllerApp;
  let service: StrictMock<TasksService>;
  let cw: string;
  const http = () => request(c.app.getHttpServer());

  beforeAll(async () => {
    c = await createControllerApp({ controllers: [TasksController] });
    service = c.mock<TasksService>(TasksService);
    cw = await c.token('caseworker', ['team-a'], 'cw-1');
  });
  afterAll(() => c?.close());
  beforeEach(() => jest.clearAllMocks());

  describe('ETag and If-Match', () => {
    it('answers a read with the task and its version as a strong ETag, for the caller', async () => {
      service.get.mockResolvedValue(task(7));
      const res = await http().get(`/api/v1/tasks/${TASK_ID}`).set('authorization', cw).expect(200);
      expect(res.headers.etag).toBe('"7"');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual(task(7));
      expect(service.get).toHaveBeenCalledWith(
        expect.objectContaining({ sub: 'cw-1', role: 'caseworker', teams: ['team-a'] }),
        TASK_ID,
      );
    });

    describe('a change', () => {
      // The service checks the header against the stored version (7), as the real one does.
      beforeEach(() =>
        service.claim.mockImplementation((_user: unknown, _id: string, ifMatch: string | undefined) => {
          assertIfMatch(ifMatch, 7);
          return Promise.resolve(task(8));
        }),
      );

      it('without If-Match is 428 PRECONDITION_REQUIRED', async () => {
        const res = await http().post(`/api/v1/tasks/${TASK_ID}/claim`).set('authorization', cw).expect(428);
        expect(res.body).toMatchObject({ code: 'PRECONDITION_REQUIRED', status: 428 });
      });

      it('with a stale or weak tag is 412 PRECONDITION_FAILED and names the current ETag', async () => {
        for (const tag of ['"6"', 'W/"7"', '"6", "8"']) {
          const res = await http()
            .post(`/api/v1/tasks/${TASK_ID}/claim`)
            .set('authorization', cw)
            .set('if-match', tag)
            .expect(412);
          expect(res.body).toMatchObject({ code: 'PRECONDITION_FAILED', detail: expect.stringContaining('"7"') });
        }
      });

      it('with the current tag (or one of a list, or *) goes through and answers the new ETag', async () => {
        for (const tag of ['"7"', '"6", "7"', '*']) {
          const res = await http()
            .post(`/api/v1/tasks/${TASK_ID}/claim`)
            .set('authorization', cw)
            .set('if-match', tag)
            .expect(200);
          expect(res.headers.etag).toBe('"8"');
          expect(service.claim).toHaveBeenLastCalledWith(expect.objectContaining({ sub: 'cw-1' }), TASK_ID, tag);
        }
      });

      it("answers the event result's task version as the ETag after a waiver", async () => {
        service.waive.mockResolvedValue({ task: task(9), caseId: 'c-1' });
        const res = await http()
          .post(`/api/v1/tasks/${TASK_ID}/waive`)
          .set('authorization', cw)
          .set('if-match', '"8"')
          .send({ eventId: 'w-1', reason: 'screened in the rehab meeting' })
          .expect(200);
        expect(res.headers.etag).toBe('"9"');
        expect(service.waive).toHaveBeenCalledWith(expect.anything(), TASK_ID, '"8"', {
          eventId: 'w-1',
          reason: 'screened in the rehab meeting',
        });
      });
    });
  });

  describe('pipes: bad input never reaches the service', () => {
    it('refuses a malformed task id with 400 VALIDATION_FAILED', async () => {
      const res = await http().get('/api/v1/tasks/not-a-uuid').set('authorization', cw).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      expect(service.get).not.toHaveBeenCalled();
    });

    it('names each invalid field of a body, and refuses unknown ones', async () => {
      const missing = await http()
        .post(`/api/v1/tasks/${TASK_ID}/waive`)
        .set('authorization', cw)
        .set('if-match', '"1"')
        .send({ eventId: 'w-1' })
        .expect(400);
      expect(missing.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(missing.body.errors)).toContain('reason');
      const extra = await http()
        .post(`/api/v1/tasks/${TASK_ID}/waive`)
        .set('authorization', cw)
        .set('if-match', '"1"')
        .send({ eventId: 'w-1', reason: 'r', status: 'met' })
        .expect(400);
      expect(JSON.stringify(extra.body.errors)).toContain('status');
      const query = await http().get('/api/v1/tasks').query({ limit: 'many' }).set('authorization', cw).expect(400);
      expect(JSON.stringify(query.body.errors)).toContain('limit');
      expect(service.waive).not.toHaveBeenCalled();
      expect(service.list).not.toHaveBeenCalled();
    });

    it('holds bodies to the route limits at the edge: size 413, nesting 400, bad JSON 400', async () => {
      const post = () => http().post(`/api/v1/tasks/${TASK_ID}/waive`).set('authorization', cw).set('if-match', '"1"');
      const big = await post()
        .send({ eventId: 'w-1', reason: 'x'.repeat(20_000) })
        .expect(413);
      expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
      const deep = await post()
        .set('content-type', 'application/json')
        .send(`${'['.repeat(40)}${']'.repeat(40)}`)
        .expect(400);
      expect(deep.body.code).toBe('NESTING_TOO_DEEP');
      const broken = await post().set('content-type', 'application/json').send('{"eventId":').expect(400);
      expect(broken.body.code).toBe('VALIDATION_FAILED');
      expect(service.waive).not.toHaveBeenCalled();
    });

    it('answers an undocumented method on a known path with 405 and Allow', async () => {
      const res = await http().put(`/api/v1/tasks/${TASK_ID}`).set('authorization', cw).expect(405);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    });
  });

  describe('problem details', () => {
    it.each(Object.values(ErrorCode))('maps %s to its status as RFC 9457 problem details', async (code) => {
      service.get.mockRejectedValue(new DomainError(code, `because ${code}`));
      const res = await http().get(`/api/v1/tasks/${TASK_ID}?x=1`).set('authorization', cw);
      const [status, title] = httpStatusOf(code);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: `urn:frist:problem:${code.toLowerCase()}`,
        title,
        status,
        code,
        detail: `because ${code}`,
        instance: `/api/v1/tasks/${TASK_ID}?x=1`,
        correlationId: expect.stringMatching(UUID),
      });
      if (code === ErrorCode.TemporalUnavailable || code === ErrorCode.DatabaseUnavailable)
        expect(res.headers['retry-after']).toBe('5');
    });

    it('hides the cause of an unexpected error behind a correlation id (500 INTERNAL)', async () => {
      service.get.mockRejectedValue(new Error('relation "tasks" password=hunter2'));
      const res = await http().get(`/api/v1/tasks/${TASK_ID}`).set('authorization', cw).expect(500);
      expect(res.body).toMatchObject({ code: 'INTERNAL', status: 500, correlationId: expect.stringMatching(UUID) });
      expect(res.text).not.toMatch(/hunter2|"tasks"/);
    });

    it('answers a lost database connection with 503 DATABASE_UNAVAILABLE and Retry-After', async () => {
      service.get.mockRejectedValue(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      );
      const res = await http().get(`/api/v1/tasks/${TASK_ID}`).set('authorization', cw).expect(503);
      expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('5');
    });
  });
});
