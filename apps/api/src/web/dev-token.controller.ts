import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Clock, ROLES, signAccessToken, type AppConfig } from '@frist/config';
import { TEAM_PATTERN } from '@frist/contracts';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth';
import { clientAddress } from '../auth/auth.guard';
import { RateLimiter } from '../auth/rate-limiter.service';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { APP_CONFIG } from '../config/config.module';

const devTokenSchema = z.object({
  role: z.enum(ROLES),
  teams: z.array(z.string().regex(TEAM_PATTERN)).max(20).default([]),
  sub: z.string().trim().min(1).max(100).default('udvikler'),
});

/**
 * Development only (WebModule registers it when NODE_ENV=development is set): mints a short-lived token with the
 * dev secret, so the login page can offer "log in as" without the CLI. Every other environment has no such route.
 */
// Not part of the JSON API document: an HTML page and its files, or a development-only helper.
@ApiExcludeController()
@Public()
@Controller('web/dev-token')
export class DevTokenController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
  ) {}

  @Get()
  available() {
    return { available: true, roles: ROLES };
  }

  @Post()
  @HttpCode(200)
  async mint(
    @Body(new ZodValidationPipe(devTokenSchema)) dto: z.infer<typeof devTokenSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.limiter.hit('devToken', clientAddress(req), res);
    // 8 h, or the configured maximum lifetime if that is shorter.
    const token = await signAccessToken(this.config.auth, dto, { now: this.clock.now() });
    return { token };
  }
}
