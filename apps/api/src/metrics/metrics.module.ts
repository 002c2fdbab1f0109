import { Module } from '@nestjs/common';
import { OpsModule } from '../ops/ops.module';
import { ApiMetrics } from './api-metrics.service';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [OpsModule],
  controllers: [MetricsController],
  providers: [ApiMetrics, HttpMetricsMiddleware],
})
// HttpMetricsMiddleware is mounted first by createApp, so it also sees what the edge and the not-found handler answer.
export class MetricsModule {}
