import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { Response } from 'express';
import type { AppConfig } from '@frist/config';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';

const WINDOW_MS = 60_000;

export type RateLimit = 'user' | 'authFailure' | 'devToken';

/**
 * Rate limits on @nestjs/throttler's storage (a sliding window per key, in memory per API process; replicas
 * each count their own): API use per user, failed authentications per client IP, dev-token minting per client IP.
 * Over the limit the key is blocked for the rest of a window: 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RateLimiter {
  private readonly storage = new ThrottlerStorageService();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private limitOf(kind: RateLimit): number {
    const { userPerMin, authFailuresPerMin, devTokenPerMin } = this.config.api.rateLimits;
    return kind === 'user' ? userPerMin : kind === 'authFailure' ? authFailuresPerMin : devTokenPerMin;
  }

  /** Counts one hit for `key`; throws 429 (and sets Retry-After on `res`) once the limit is exceeded. */
  async hit(kind: RateLimit, key: string, res: Response): Promise<void> {
    const limit = this.limitOf(kind);
    if (limit === 0) return;
    const record = await this.storage.increment(`${kind}:${key}`, WINDOW_MS, limit, WINDOW_MS, kind);
    if (!record.isBlocked) return;
    res.setHeader('Retry-After', String(Math.max(1, record.timeToBlockExpire)));
    throw new DomainError(
      ErrorCode.RateLimited,
      kind === 'user'
        ? `more than ${limit} requests per minute for this user; retry later`
        : kind === 'authFailure'
          ? `more than ${limit} failed authentications per minute from this address; retry later`
          : `more than ${limit} dev tokens per minute from this address; retry later`,
    );
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
