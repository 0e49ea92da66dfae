import { BadRequestException, Body, Controller, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth-context';
import { EdgeRoute } from '../edge/route-config';
import { MailPushService } from './mail-push.service';

/** Far above a notification batch (a few small JSON items each); larger bodies are refused before parsing. */
const MAX_BODY_BYTES = 256 * 1024;
/** Graph's validation tokens are short opaque strings; a longer one is not Graph's. */
const MAX_VALIDATION_TOKEN = 2048;

/** A provider's webhook: no session (so no CSRF token), the anonymous per-IP budget, a small body. */
const ProviderWebhook = (plainText = false) =>
  EdgeRoute({ ipLimit: 'anonymous', maxBodyBytes: MAX_BODY_BYTES, ...(plainText ? { plainText } : {}) });

/**
 * Where Microsoft Graph and Cloud Pub/Sub (Gmail) deliver change notifications, under
 * HELPDESK_PUBLIC_URL. Machine endpoints: public, outside the OpenAPI document, answering the
 * same whatever the notification held (MailPushService decides, and only wakes a fetcher).
 */
@ApiExcludeController()
@Public()
@Controller('api/v1/mail-push')
export class MailPushController {
  constructor(private readonly push: MailPushService) {}

  /**
   * Graph's notification URL and its lifecycle notification URL (`reauthorizationRequired`,
   * `subscriptionRemoved`, `missed`). With `?validationToken=` (on creating a subscription) the
   * token is echoed as `text/plain` with 200 within Graph's 10 s; notifications are answered 202.
   */
  @Post(['graph', 'graph/lifecycle'])
  @HttpCode(202)
  @ProviderWebhook(true)
  async graph(
    @Query('validationToken') validationToken: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | void> {
    if (validationToken !== undefined) return echo(validationToken, reply);
    await this.push.graph(body);
  }

  /** The push endpoint of the admin's Pub/Sub subscription (authentication on); 204 acknowledges. */
  @Post('gmail')
  @HttpCode(204)
  @ProviderWebhook()
  async gmail(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<void> {
    await this.push.gmail(authorization, body);
  }
}

/** The validation handshake: the token, decoded, as the whole `text/plain` body ("Notification endpoint validation"). */
function echo(token: unknown, reply: FastifyReply): string {
  if (typeof token !== 'string' || !token || token.length > MAX_VALIDATION_TOKEN)
    throw new BadRequestException('validationToken');
  void reply.code(200).header('content-type', 'text/plain; charset=utf-8');
  return token;
}
