import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from './bundle-options';

/** Prebuilds the workflow bundle for production workers; any error fails the build (exit 1). */
async function main(): Promise<void> {
  const [target = 'dist/workflow-bundle.js'] = parseArgs({ allowPositionals: true, options: {} }).positionals;
  const out = resolve(target);
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error('workflow bundle failed:', err);
  process.exit(1);
});
