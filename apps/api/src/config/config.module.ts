import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TrialCatalogue } from '@frist/activities';
import { Clock, SystemClock, type AppConfig } from '@frist/config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Typed config (read once in main), the injected clock and the installation's trial catalogue (its programme files
 * are read here, once: a bad file stops the start with its PROGRAMME_* code), available everywhere.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: TrialCatalogue, useValue: TrialCatalogue.fromFiles(config.rules.adoptedProgrammeFiles) },
      ],
      exports: [APP_CONFIG, Clock, TrialCatalogue],
    };
  }
}
