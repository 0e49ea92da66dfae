import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { MailOutStatusView } from '../mail-out/health/mail-out-status.view';
import { SetupService } from './setup.service';
import { SetupView } from './setup.view';

/** The setup checklist (admins) and whether replies can go out (every agent: the ticket page's banner). */
@ApiTags('setup')
@Controller('api/v1/setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @AdminOnly()
  @Get()
  @ApiOkResponse({ type: SetupView })
  checklist(): Promise<SetupView> {
    return this.setup.checklist();
  }

  @Get('mail-out')
  @ApiOkResponse({ type: MailOutStatusView })
  mailOut(): Promise<MailOutStatusView> {
    return this.setup.mailOut();
  }
}
