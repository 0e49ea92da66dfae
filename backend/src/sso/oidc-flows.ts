import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomToken, sha256 } from '../auth/tokens';
import { REDIS } from '../redis/redis.module';

/** Ten minutes to get through the provider's sign-in page. */
export const FLOW_SECONDS = 600;
/** The cookie that binds a flow to the browser that started it. */
export const FLOW_COOKIE = 'helpdesk_oidc';

export interface OidcFlow {
  providerId: number;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/**
 * Sign-ins in progress: what the callback must check (state, nonce, PKCE verifier),
 * kept in Redis under a random id that only the starting browser holds (an httpOnly
 * cookie), so a callback URL carried to another browser (login CSRF) finds nothing.
 * Taken once: a replayed callback finds nothing either.
 */
@Injectable()
export class OidcFlows {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private key = (id: string) => `helpdesk:oidc:flow:${sha256(id).toString('hex')}`;

  async start(flow: OidcFlow): Promise<string> {
    const id = randomToken();
    await this.redis.set(this.key(id), JSON.stringify(flow), 'EX', FLOW_SECONDS);
    return id;
  }

  async take(id: string): Promise<OidcFlow | null> {
    const [[, raw]] = (await this.redis.multi().get(this.key(id)).del(this.key(id)).exec()) as [
      [unknown, string | null],
    ];
    return raw ? (JSON.parse(raw) as OidcFlow) : null;
  }
}
