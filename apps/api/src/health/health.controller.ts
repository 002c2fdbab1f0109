import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { TemporalClientService } from '../temporal/temporal-client.service';

const CHECK_TIMEOUT_MS = 2_000;

async function check(
  name: string,
  probe: () => Promise<unknown>,
): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS))),
    ]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
  ) {}

  /** The process answers: restart it if not. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Send traffic only when Postgres and Temporal both answer. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const checks = await Promise.all([
      check('postgres', () => this.dataSource.query('SELECT 1')),
      check('temporal', () => this.temporal.ping()),
    ]);
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
