import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth';
import { ApiMetrics } from './api-metrics.service';

/**
 * Prometheus scrape endpoint. Public like the health probes: it carries counts and latencies, never personal data
 * (labels are route patterns, status codes and team slugs); keep it off the public ingress.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
