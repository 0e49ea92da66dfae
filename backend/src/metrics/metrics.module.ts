import { Module } from '@nestjs/common';
import { MetricsServer } from './metrics-server';

/** Every role: Prometheus metrics on METRICS_PORT. */
@Module({ providers: [MetricsServer] })
export class MetricsModule {}
