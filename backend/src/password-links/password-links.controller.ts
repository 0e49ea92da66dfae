import { Body, Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth-context';
import { anonymousLinkOrigin } from '../common/public-origin';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { EdgeRoute } from '../edge/route-config';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from '../users/users.dto';
import { PasswordLinksService } from './password-links.service';

/** The answer to every "forgot password" request, whether the address has an account or not. */
export class PasswordResetRequestedView {
  @ApiProperty() message!: string;
}

const REQUESTED: PasswordResetRequestedView = {
  message:
    'If this address belongs to an account that signs in with a password, a link to set a new one is on its way.',
};

/** "Forgot password" and the set-password page's submit (also for invitations). Anonymous, limited per client IP, our Origin only. */
@ApiTags('auth')
@Public()
@Controller('api/v1/auth/password-reset')
export class PasswordLinksController {
  private readonly logger = new Logger(PasswordLinksController.name);

  constructor(
    private readonly links: PasswordLinksService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Mails a link to set a new password (valid 1 hour) when the address is an active user
   * who may use a password. Always 202, at once: the answer says nothing about the account.
   */
  @EdgeRoute({ ipLimit: 'password-reset', sameOrigin: true })
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PasswordResetRequestedView, description: 'Whether or not the address has an account' })
  request(@Body() dto: PasswordResetRequestDto, @Req() req: FastifyRequest): PasswordResetRequestedView {
    const origin = anonymousLinkOrigin(this.config, req);
    if (origin) void this.links.requestReset(dto.email, origin);
    else this.logger.warn('password reset asked for through an unknown host: set HELPDESK_PUBLIC_URL to mail links');
    return REQUESTED;
  }

  /**
   * Sets the password with a link's token (an invitation's or a reset's). Ends every
   * session of the user; they sign in with the new password afterwards. 400 with
   * `reason` (`invalid`, `used`, `superseded`, `expired`) for a link that does not work.
   */
  @EdgeRoute({ ipLimit: 'password-reset', sameOrigin: true })
  @Post('confirm')
  @HttpCode(204)
  @ApiNoContentResponse()
  async confirm(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.links.confirm(dto.token, dto.password);
  }
}
