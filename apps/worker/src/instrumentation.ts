import { instrumentProcess } from '@frist/observability';

/** main.ts imports this first: tracing (when configured) hooks `require` before pg and the activities load. */
export const instrumentation = instrumentProcess('worker');
