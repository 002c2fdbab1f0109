import { demoCases, municipalityDemoCases, type DemoCase } from './demo-cases';

/** Every case `npm run dev` seeds: the hand-written ones, the trial's and the generated municipality. */
export const allDemoCases = (today: string): DemoCase[] => [...demoCases(today), ...municipalityDemoCases(today)];

/** Attempts per case when the API answers that it is briefly unable (503 with Retry-After, or 429). */
export const SEED_ATTEMPTS = 5;
const MAX_WAIT_S = 10;

/**
 * Seeds demo cases through the real API, so every event goes through the engine and the case workflows.
 * Idempotent: every case has an idempotency key, so a second run gets 200 and the same case. Returns how many it
 * created (201). A 503 (database or Temporal briefly unavailable, as on a loaded laptop) or 429 is retried after
 * its Retry-After, as the API's contract asks of every client; any other refusal stops the seed.
 */
export async function seedDemo(api: string, authorization: string, cases: DemoCase[], parallel = 6): Promise<number> {
  let created = 0;
  const one = async (c: DemoCase) => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${api}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(c),
      });
      const retryAfter = Number(res.headers.get('retry-after'));
      const transient = (res.status === 503 || res.status === 429) && Number.isFinite(retryAfter) && retryAfter >= 0;
      if (transient && attempt < SEED_ATTEMPTS) {
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, Math.min(retryAfter, MAX_WAIT_S) * 1000));
        continue;
      }
      if (!res.ok) throw new Error(`seeding ${c.citizenRef} failed: ${res.status} ${await res.text()}`);
      if (res.status === 201) created++;
      await res.arrayBuffer();
      return;
    }
  };
  // A few at a time: the worker, Temporal and Postgres share the machine with this loop.
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) await one(c);
    }),
  );
  return created;
}
