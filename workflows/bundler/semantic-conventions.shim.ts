/**
 * The workflow bundle's stand-in for `@opentelemetry/semantic-conventions` (aliased in bundle-options.ts). The
 * OpenTelemetry code the tracing interceptors bundle (sdk-trace-base, core, resources) reads only these constants,
 * but the package's deprecated constant tables are ~210 kB of source, about a seventh of the workflow bundle, loaded
 * by every workflow thread. semantic-conventions.shim.spec.ts checks the names against what those packages read and
 * the values against the real package, so an OpenTelemetry upgrade that needs another constant fails a test.
 */
export const SEMATTRS_EXCEPTION_MESSAGE = 'exception.message';
export const SEMATTRS_EXCEPTION_STACKTRACE = 'exception.stacktrace';
export const SEMATTRS_EXCEPTION_TYPE = 'exception.type';
export const SEMRESATTRS_HOST_ARCH = 'host.arch';
export const SEMRESATTRS_HOST_ID = 'host.id';
export const SEMRESATTRS_HOST_NAME = 'host.name';
export const SEMRESATTRS_OS_TYPE = 'os.type';
export const SEMRESATTRS_OS_VERSION = 'os.version';
export const SEMRESATTRS_PROCESS_COMMAND = 'process.command';
export const SEMRESATTRS_PROCESS_COMMAND_ARGS = 'process.command_args';
export const SEMRESATTRS_PROCESS_EXECUTABLE_NAME = 'process.executable.name';
export const SEMRESATTRS_PROCESS_EXECUTABLE_PATH = 'process.executable.path';
export const SEMRESATTRS_PROCESS_OWNER = 'process.owner';
export const SEMRESATTRS_PROCESS_PID = 'process.pid';
export const SEMRESATTRS_PROCESS_RUNTIME_DESCRIPTION = 'process.runtime.description';
export const SEMRESATTRS_PROCESS_RUNTIME_NAME = 'process.runtime.name';
export const SEMRESATTRS_PROCESS_RUNTIME_VERSION = 'process.runtime.version';
export const SEMRESATTRS_SERVICE_INSTANCE_ID = 'service.instance.id';
export const SEMRESATTRS_SERVICE_NAME = 'service.name';
export const SEMRESATTRS_TELEMETRY_SDK_LANGUAGE = 'telemetry.sdk.language';
export const SEMRESATTRS_TELEMETRY_SDK_NAME = 'telemetry.sdk.name';
export const SEMRESATTRS_TELEMETRY_SDK_VERSION = 'telemetry.sdk.version';
export const TELEMETRYSDKLANGUAGEVALUES_NODEJS = 'nodejs';
export const TELEMETRYSDKLANGUAGEVALUES_WEBJS = 'webjs';
