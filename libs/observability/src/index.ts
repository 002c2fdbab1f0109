export * from './correlation-id';
export * from './log-masking';
export * from './logger';
export * from './temporal-logger';
export * from './temporal-correlation';
export * from './tracing';
export * from './temporal-tracing';
export * from './process-instrumentation';
