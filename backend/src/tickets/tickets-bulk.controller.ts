import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { BulkResultView, BulkUpdateDto } from './bulk-update.dto';
import { TicketsBulkService } from './tickets-bulk.service';

@ApiTags('tickets')
@Controller('api/v1/tickets')
export class TicketsBulkController {
  constructor(private readonly bulk: TicketsBulkService) {}

  /** The same change to many tickets (assign, status, priority, group, add/remove tags); reports which failed and why. */
  @Post('bulk')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkResultView })
  update(@Body() dto: BulkUpdateDto, @CurrentUser() me: Principal) {
    return this.bulk.update(dto.ids, dto.changes, { userId: me.id });
  }
}
