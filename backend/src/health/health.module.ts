import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsServer } from './metrics-server';

@Module({ controllers: [HealthController], providers: [MetricsServer] })
export class HealthModule {}
