import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginView, TwoFactorChallengeView } from '../auth/session.view';
import { setSessionCookie } from '../auth/session-cookie';
import { Public } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { SignInRoute } from '../edge/route-config';
import { LoginTotpDto } from '../two-factor/two-factor.dto';
import { LoginDto } from '../users/users.dto';
import { PasswordSignInService } from './password-sign-in.service';

const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null });

/** Password sign-in and its second step. Both count per client IP before the body is read, and take our Origin only. */
@ApiTags('auth')
@Public()
@Controller('api/v1/auth')
export class PasswordSignInController {
  constructor(
    private readonly signIn: PasswordSignInService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Password sign-in. With two-factor set up there is no session yet: the answer is a
   * challenge for POST /auth/login/totp. Agents are refused (403) when a provider is
   * enforced; admins keep this way in as a break-glass path.
   */
  @SignInRoute()
  @Post('login')
  // The operation ids these had before they moved here (the contract names them); no summary, like the others.
  @ApiOperation({ operationId: 'AuthController_login', summary: undefined })
  @HttpCode(200)
  @ApiExtraModels(LoginView, TwoFactorChallengeView)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(LoginView) }, { $ref: getSchemaPath(TwoFactorChallengeView) }] },
  })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const outcome = await this.signIn.password(dto.email, dto.password, client(req));
    if (outcome.kind === 'challenge') return { twoFactorRequired: true, challenge: outcome.challenge };
    setSessionCookie(reply, req, this.config, outcome.result.session);
    return outcome.result.answer;
  }

  /** The second step of a password sign-in: the challenge and a code (or a recovery code) give the session. */
  @SignInRoute()
  @Post('login/totp')
  @ApiOperation({ operationId: 'TwoFactorController_login', summary: undefined })
  @HttpCode(200)
  @ApiOkResponse({ type: LoginView })
  async loginTotp(
    @Body() dto: LoginTotpDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { session, answer } = await this.signIn.secondFactor(dto.challenge, dto.code, client(req));
    setSessionCookie(reply, req, this.config, session);
    return answer;
  }
}
