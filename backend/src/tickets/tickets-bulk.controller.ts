import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { BulkResultView, BulkUpdateDto } from './bulk-update.dto';
import { httpExceptionOf } from '../common/http-errors.filter';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Controller('api/v1/tickets')
export class TicketsBulkController {
  constructor(private readonly tickets: TicketsService) {}

  /**
   * The same change to many tickets (assign, status, priority, group, add/remove tags), each
   * through the single-ticket update (same rules, audit and events); reports which failed and why.
   */
  @Post('bulk')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkResultView })
  async update(@Body() dto: BulkUpdateDto, @CurrentUser() me: Principal): Promise<BulkResultView> {
    const { updated, failed } = await this.tickets.bulkUpdate(dto.ids, dto.changes, { kind: 'agent', userId: me.id });
    return {
      updated,
      failed: failed.map(({ id, error }) => ({
        id,
        statusCode: httpExceptionOf(error).getStatus(),
        message: error.message,
      })),
    };
  }
}
