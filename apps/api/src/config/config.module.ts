import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, SystemClock, type AppConfig } from '@frist/config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Typed config (read once in main) and the injected clock, available everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
