import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type Logger,
  makeTelemetryFilterString,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { CASE_SEARCH_ATTRIBUTES } from '@frist/contracts';
import { workflowSpanSinks } from '@frist/observability';
import { workflowBundleOptions } from '@frist/workflows/bundler';
import { temporalToolPaths } from './tool-paths';

let runtimeInstalled = false;
/**
 * Keep test output to what matters: SDK warnings and errors only. A test that reads the SDK's log lines installs its
 * own logger first (once per test file, before any environment starts).
 */
export function installTestRuntime(logger: Logger = new DefaultLogger('WARN')): void {
  if (runtimeInstalled) throw new Error('the Temporal runtime is already installed for this test file');
  runtimeInstalled = true;
  Runtime.install({
    logger,
    // sdk-core warns on every worker start against the test server (a missing capability); errors only.
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
}

function quietRuntime(): void {
  if (!runtimeInstalled) installTestRuntime();
}

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/** The time-skipping test server (the project's own binary) with frist's search attributes registered. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalToolPaths().testServer } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(CASE_SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type]])),
  });
  return env;
}

/** The Temporal CLI dev server (the project's own binary), in memory, with frist's search attributes. */
export function createLocalEnv(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalToolPaths().cli },
      searchAttributes: CASE_SEARCH_ATTRIBUTES,
      // The server's own warnings (slow calls under a loaded CI machine) drown the test output; errors only.
      log: { format: 'pretty', level: 'error' },
      extraArgs,
    },
  });
}

/** The workflow bundler's logger with everything but errors dropped (webpack's progress drowns test and bench output). */
export const QUIET_BUNDLER_LOGGER = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: console.error,
  debug: () => undefined,
  trace: () => undefined,
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundled once per test file and reused by every worker in it. */
export function sharedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: QUIET_BUNDLER_LOGGER,
  });
  return bundle;
}

/**
 * The workflow half of Worker.create's options as the production worker sets them: the shared bundle and the
 * `exporter` sink its tracing interceptors call (a no-op without tracing). Without the sink a traced workflow logs
 * "unregistered external sink" on every activation.
 */
export async function bundledWorkflows(): Promise<{
  workflowBundle: WorkflowBundleWithSourceMap;
  sinks: ReturnType<typeof workflowSpanSinks>;
}> {
  return { workflowBundle: await sharedWorkflowBundle(), sinks: workflowSpanSinks(undefined) };
}
