import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { webhookDispatcherBundleOptions, workflowBundleOptions, type WorkflowBundleSource } from './bundle-options';

/**
 * Prebuilds the workflow bundles for production workers: every workflow (WORKFLOW_BUNDLE_PATH) and the webhook
 * dispatcher alone (WEBHOOK_WORKFLOW_BUNDLE_PATH); any error fails the build (exit 1).
 */
async function main(): Promise<void> {
  const [target = 'dist/workflow-bundle.js', webhookTarget = 'dist/webhook-workflow-bundle.js'] = parseArgs({
    allowPositionals: true,
    options: {},
  }).positionals;
  const write = async (file: string, options: WorkflowBundleSource) => {
    const out = resolve(file);
    const { code } = await bundleWorkflowCode(options);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
    console.log(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB)`);
  };
  await write(target, workflowBundleOptions());
  await write(webhookTarget, webhookDispatcherBundleOptions());
}

main().catch((err: unknown) => {
  console.error('workflow bundle failed:', err);
  process.exit(1);
});
