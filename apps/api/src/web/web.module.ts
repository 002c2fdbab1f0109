import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@frist/config';
import { DevTokenController } from './dev-token.controller';
import { WebController } from './web.controller';

@Module({})
export class WebModule {
  /**
   * The dev-token helper exists only where NODE_ENV=development is set explicitly (an unset NODE_ENV means
   * production), and only with a shared secret to sign with.
   */
  static forConfig(config: AppConfig): DynamicModule {
    const devTokens = config.env === 'development' && config.auth.jwtSecret !== undefined;
    return { module: WebModule, controllers: [WebController, ...(devTokens ? [DevTokenController] : [])] };
  }
}
