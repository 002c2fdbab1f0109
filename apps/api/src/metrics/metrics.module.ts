import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { OpsModule } from '../ops/ops.module';
import { ApiMetrics } from './api-metrics.service';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [OpsModule],
  controllers: [MetricsController],
  providers: [ApiMetrics, HttpMetricsMiddleware],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
