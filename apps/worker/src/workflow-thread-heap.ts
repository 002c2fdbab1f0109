import { setFlagsFromString } from 'node:v8';
import type { AppConfig } from '@frist/config';

/**
 * Bounds the V8 young generation of threads created from now on (WORKER_WORKFLOW_SEMI_SPACE_MIB): V8 sizes an
 * isolate's heap when it is created, so this must run before the SDK creates its workflow thread. The flag is
 * process-wide; the main thread's heap was configured at its start and keeps V8's default.
 */
export function boundWorkflowThreadYoungGeneration(config: Pick<AppConfig, 'worker'>): void {
  const mib = config.worker.workflowSemiSpaceMiB;
  if (mib > 0) setFlagsFromString(`--max-semi-space-size=${mib}`);
}
