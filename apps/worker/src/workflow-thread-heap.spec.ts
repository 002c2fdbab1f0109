import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '@frist/config';
import { boundWorkflowThreadYoungGeneration } from './workflow-thread-heap';

/** A thread that churns short-lived objects (as workflow activations do) reports its young generation's size. */
async function youngGenerationMiB(): Promise<number> {
  const code = `
    const { getHeapSpaceStatistics } = require('node:v8');
    let keep = [];
    for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 1000) keep = []; }
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    require('node:worker_threads').parentPort.postMessage(young.space_size / 2 ** 20);
  `;
  const thread = new Worker(code, { eval: true });
  try {
    return await new Promise<number>((resolve, reject) => thread.once('message', resolve).once('error', reject));
  } finally {
    await thread.terminate();
  }
}

describe("the workflow thread's young generation (WORKER_WORKFLOW_SEMI_SPACE_MIB)", () => {
  const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/frist', NODE_ENV: 'development' };
  // The flag is process-wide: 0 gives later threads of this Jest worker V8's default again.
  afterEach(() => setFlagsFromString('--max-semi-space-size=0'));

  it('is bounded for threads created after the worker applies its config (two 2 MiB semi-spaces)', async () => {
    const unbounded = await youngGenerationMiB();
    boundWorkflowThreadYoungGeneration(loadConfig(env));
    const bounded = await youngGenerationMiB();
    expect(bounded).toBeLessThanOrEqual(4);
    expect(unbounded).toBeGreaterThan(bounded);
  });

  it("keeps V8's default with 0", async () => {
    boundWorkflowThreadYoungGeneration(loadConfig({ ...env, WORKER_WORKFLOW_SEMI_SPACE_MIB: '0' }));
    expect(await youngGenerationMiB()).toBeGreaterThan(4);
  });
});
