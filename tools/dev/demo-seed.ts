import { demoCases, municipalityDemoCases, type DemoCase } from './demo-cases';

/** Every case `npm run dev` seeds: the hand-written ones, the trial's and the generated municipality. */
export const allDemoCases = (today: string): DemoCase[] => [...demoCases(today), ...municipalityDemoCases(today)];

/**
 * Seeds demo cases through the real API, so every event goes through the engine and the case workflows.
 * Idempotent: every case has an idempotency key, so a second run gets 200 and the same case. Returns how many it
 * created (201).
 */
export async function seedDemo(api: string, authorization: string, cases: DemoCase[], parallel = 6): Promise<number> {
  let created = 0;
  const one = async (c: DemoCase) => {
    const res = await fetch(`${api}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(c),
    });
    if (!res.ok) throw new Error(`seeding ${c.citizenRef} failed: ${res.status} ${await res.text()}`);
    if (res.status === 201) created++;
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
