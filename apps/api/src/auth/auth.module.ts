import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { RateLimiter } from './rate-limiter.service';
import { TokenVerifier } from './token-verifier.service';

/** Bearer-token authentication for every route (global guard); see auth.decorators.ts for the opt-outs. */
@Global()
@Module({
  providers: [TokenVerifier, RateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier, RateLimiter],
})
export class AuthModule {}
