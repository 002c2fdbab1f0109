import { loadConfig, type AppConfig } from '@frist/config';
import type { FristService } from './logger';
import { startTracing, type Tracing } from './tracing';

export type ProcessInstrumentation =
  | { config: AppConfig; tracing: Tracing | undefined; configError?: undefined }
  | { configError: unknown; config?: undefined; tracing?: undefined };

/**
 * A process's configuration and tracing, set up by the first module its main file imports: the instrumentations
 * hook `require`, so they must be registered before Nest, Express and pg load. An invalid configuration is kept
 * for main to report (an import cannot).
 */
export function instrumentProcess(service: FristService): ProcessInstrumentation {
  try {
    const config = loadConfig();
    return { config, tracing: startTracing(config, service) };
  } catch (configError) {
    return { configError };
  }
}
