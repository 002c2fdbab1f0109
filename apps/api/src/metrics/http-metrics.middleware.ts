import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiMetrics } from './api-metrics.service';

const CATCH_ALL = /^\/?(\*|\{\*\w*\})$/;

/** Observes every request when its response finishes, labelled by the matched route pattern (ids stay out). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ApiMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      // A catch-all layer (the request logger's `/{*path}`) leaves its own req.route behind: that is no route.
      const route =
        typeof routePath === 'string' && !CATCH_ALL.test(routePath) ? `${req.baseUrl}${routePath}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  }
}
