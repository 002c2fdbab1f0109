import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_ATTEMPTS, seedDemo } from './demo-seed';
import type { DemoCase } from './demo-cases';

/** A real HTTP server answering POST /api/v1/cases from a script of statuses (then 201), counting the calls. */
async function scriptedApi(statuses: number[]): Promise<{ url: string; calls: () => number; server: Server }> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = statuses[calls++] ?? 201;
      if (status === 503 || status === 429) res.setHeader('Retry-After', '0');
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls, server };
}

const oneCase = { citizenRef: 'SD-TEST-1', idempotencyKey: 'k-1' } as unknown as DemoCase;

describe('seedDemo against a briefly unavailable API', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it('retries a 503 or 429 after its Retry-After and counts the case once it is created', async () => {
    const api = await scriptedApi([503, 429]);
    servers.push(api.server);
    expect(await seedDemo(api.url, 'Bearer x', [oneCase], 1)).toBe(1);
    expect(api.calls()).toBe(3);
  });

  it('stops at once on a refusal that is not transient', async () => {
    const api = await scriptedApi([400]);
    servers.push(api.server);
    await expect(seedDemo(api.url, 'Bearer x', [oneCase], 1)).rejects.toThrow('seeding SD-TEST-1 failed: 400');
    expect(api.calls()).toBe(1);
  });

  it(`gives up after ${SEED_ATTEMPTS} attempts when the API stays unavailable`, async () => {
    const api = await scriptedApi(Array.from({ length: SEED_ATTEMPTS + 1 }, () => 503));
    servers.push(api.server);
    await expect(seedDemo(api.url, 'Bearer x', [oneCase], 1)).rejects.toThrow('failed: 503');
    expect(api.calls()).toBe(SEED_ATTEMPTS);
  });
});
