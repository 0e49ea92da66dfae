import {
  Controller,
  Get,
  Inject,
  Logger,
  NotFoundException,
  Param,
  ParseIntPipe,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { setSessionCookie } from '../auth/session-cookie';
import { Public } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { RateLimitedPerIp } from '../edge/route-config';
import { SealedSecretError } from '../secrets/secret-key.service';
import { OidcClient, OidcRejected } from './oidc-client';
import { FLOW_COOKIE, FLOW_SECONDS, OidcFlows } from './oidc-flows';
import { refusalPage } from './refusal-page';
import { baseUrl, callbackPath } from './sso-providers.controller';
import { SsoProvidersService } from './sso-providers.service';
import { SsoRefused, SsoSignInService } from './sso-sign-in.service';

/** Only same-site paths: never bounce to another origin after sign-in. */
const safeReturnPath = (to: unknown) =>
  typeof to === 'string' && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : '/';

/**
 * The browser's side of single sign-on: start (a redirect to the provider) and callback
 * (the provider's redirect back, then our session cookie, as a password sign-in sets).
 * Browser navigations, not API calls: answers are redirects or a small HTML page saying
 * why someone was not let in.
 */
@ApiExcludeController()
@Public()
@Controller('api/v1/auth/oidc')
export class OidcController {
  private readonly logger = new Logger(OidcController.name);

  constructor(
    private readonly providers: SsoProvidersService,
    private readonly client: OidcClient,
    private readonly flows: OidcFlows,
    private readonly users: SsoSignInService,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private cookieOptions(req: FastifyRequest) {
    return {
      path: '/api/v1/auth/oidc/',
      httpOnly: true,
      // The provider's redirect back is a top-level GET navigation: Lax cookies go along.
      sameSite: 'lax' as const,
      secure: this.config.http.cookieSecure === 'auto' ? req.protocol === 'https' : this.config.http.cookieSecure,
    };
  }

  private refuse(reply: FastifyReply, status: number, reason: string) {
    void reply
      .code(status)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(refusalPage('You could not be signed in', reason));
  }

  /** The provider with its secret, or null after answering the refusal page (it was deleted meanwhile). */
  private async provider(id: number, reply: FastifyReply) {
    try {
      return await this.providers.forSignIn(id);
    } catch (e) {
      if (e instanceof SealedSecretError) {
        this.logger.error(`provider ${id}: ${e.message}`);
        this.refuse(reply, 503, 'This sign-in option is misconfigured (its client secret must be entered again).');
        return null;
      }
      if (!(e instanceof NotFoundException)) throw e;
      this.refuse(reply, 404, 'This sign-in option no longer exists.');
      return null;
    }
  }

  @Get(':id/start')
  @RateLimitedPerIp('anonymous')
  async start(
    @Param('id', ParseIntPipe) id: number,
    @Query('returnTo') returnTo: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const provider = await this.provider(id, reply);
    if (!provider) return;
    let request;
    try {
      request = await this.client.authorizationRequest(provider, baseUrl(this.config, req) + callbackPath(id));
    } catch (e) {
      this.logger.warn(`provider ${id} (${provider.issuer}): discovery failed: ${(e as Error).message}`);
      return this.refuse(reply, 502, `${provider.name} cannot be reached right now. Try again later.`);
    }
    const flowId = await this.flows.start({
      providerId: id,
      state: request.state,
      nonce: request.nonce,
      codeVerifier: request.codeVerifier,
      returnTo: safeReturnPath(returnTo),
    });
    void reply
      .setCookie(FLOW_COOKIE, flowId, { ...this.cookieOptions(req), maxAge: FLOW_SECONDS })
      .header('Cache-Control', 'no-store')
      .redirect(request.url.href, 302);
  }

  @Get(':id/callback')
  @RateLimitedPerIp('anonymous')
  async callback(@Param('id', ParseIntPipe) id: number, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const flowId = req.cookies?.[FLOW_COOKIE];
    void reply.clearCookie(FLOW_COOKIE, this.cookieOptions(req));
    const flow = flowId ? await this.flows.take(flowId) : null;
    if (!flow || flow.providerId !== id) {
      return this.refuse(
        reply,
        400,
        'This sign-in was not started in this browser, took longer than 10 minutes, or was already used. Start again.',
      );
    }
    const provider = await this.provider(id, reply);
    if (!provider) return;
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    let claims;
    try {
      claims = await this.client.claims(provider, new URL(baseUrl(this.config, req) + callbackPath(id) + query), flow);
    } catch (e) {
      if (!(e instanceof OidcRejected)) throw e;
      this.logger.warn(`provider ${id}: sign-in rejected: ${e.message}`);
      return this.refuse(reply, 400, `${provider.name}'s answer could not be verified (${e.message}). Start again.`);
    }
    let userId: number;
    try {
      userId = await this.users.resolveUser(provider, claims);
    } catch (e) {
      if (e instanceof SsoRefused) return this.refuse(reply, e.status, e.message);
      throw e;
    }
    // The provider did the authentication, its MFA included: no second factor of ours here.
    const { session } = await this.auth.startSession(
      userId,
      { ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
      { method: 'sso' },
    );
    setSessionCookie(reply, req, this.config, session);
    void reply.header('Cache-Control', 'no-store').redirect(flow.returnTo, 303);
  }
}
