import { Controller, Get, NotFoundException, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { MailSourcesService } from './mail-sources.service';
import { SourceFailureView } from './source.view';

/** What admins see of a mailbox source beyond the mailbox itself (the source is set on the mailbox). */
@ApiTags('mailboxes')
@AdminOnly()
@Controller('api/v1/mailboxes/:id/source')
export class MailSourcesController {
  constructor(private readonly sources: MailSourcesService) {}

  @Get('failures')
  @ApiOkResponse({
    type: [SourceFailureView],
    description:
      'Messages the source could not fetch (newest first, at most 200): retrying, or skipped with the reason',
  })
  async failures(@Param('id', ParseIntPipe) id: number): Promise<SourceFailureView[]> {
    if (!(await this.sources.viewsFor([id])).has(id)) throw new NotFoundException(`Mailbox ${id} has no source`);
    return this.sources.failures(id);
  }
}
