import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { AuditLogFilters, AuditLogQuery } from './audit-log.dto';
import { AuditLogService } from './audit-log.service';
import { AuditLogEntryView } from './audit-log.view';

/** Who did what as an admin. Read-only: there is no route to change or delete an entry. */
@ApiTags('audit-log')
@AdminOnly()
@Controller('api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @ApiPageResponse(AuditLogEntryView, 'Newest first')
  list(@Query() q: AuditLogQuery) {
    const { limit, cursor, ...filters } = q;
    return this.log.page(filters, limit, cursor);
  }

  /** The same filters, every match (up to 100,000, newest first) as a CSV download. */
  @Get('export')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="audit-log.csv"')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV: id, createdAt, actorId, actorEmail, action, targetType, targetId, ip, changes (JSON)',
    schema: { type: 'string' },
  })
  export(@Query() filters: AuditLogFilters) {
    return this.log.csv(filters);
  }
}
