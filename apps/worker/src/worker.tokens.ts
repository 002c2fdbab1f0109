export const APP_CONFIG = Symbol('APP_CONFIG');
/** The worker's OpenTelemetry tracing (`Tracing`), or undefined when no OTLP endpoint is configured. */
export const TRACING = Symbol('TRACING');
