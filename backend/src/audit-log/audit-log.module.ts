import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLogController } from './audit-log.controller';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogService } from './audit-log.service';

/** Role api: the admin audit log, an interceptor that records the actions of AUDITED_ROUTES, and the read-only API. */
@Module({
  controllers: [AuditLogController],
  providers: [AuditLogService, AuditLogRepository, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
})
export class AuditLogModule {}
