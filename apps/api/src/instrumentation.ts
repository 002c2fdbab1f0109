import { instrumentProcess } from '@frist/observability';

/** main.ts imports this first: tracing (when configured) hooks `require` before the app's modules load. */
export const instrumentation = instrumentProcess('api');
