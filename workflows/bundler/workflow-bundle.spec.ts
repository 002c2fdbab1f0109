import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from './bundle-options';

const quiet = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

describe('workflow bundle', () => {
  it('bundles the workflows with the workspace aliases and no I/O imports', async () => {
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quiet });
    expect(code).toContain('caseWorkflow');
    expect(code.length).toBeGreaterThan(10_000);
  });

  it('fails for a workflow that imports a Node builtin', async () => {
    await expect(
      bundleWorkflowCode({
        ...workflowBundleOptions(),
        workflowsPath: join(__dirname, 'fixtures', 'forbidden-import.workflow.ts'),
        logger: quiet,
      }),
    ).rejects.toThrow(/fs/);
  });
});
