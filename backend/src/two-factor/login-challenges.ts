import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomToken, sha256 } from '../auth/tokens';
import { REDIS } from '../redis/redis.module';

/** Long enough to find the phone; a password check is not a standing pass. */
const CHALLENGE_SECONDS = 300;
/** Codes one challenge may be answered with before the password must be given again. */
const ATTEMPTS_PER_CHALLENGE = 5;

export interface PendingSignIn {
  userId: number;
  email: string;
}

/**
 * The step between a correct password and the second factor: a random challenge handed to
 * the browser (no session yet), kept in Redis by its hash for five minutes, so any api
 * replica can finish the sign-in. Each wrong code counts; the fifth ends the challenge.
 */
@Injectable()
export class LoginChallenges {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private key = (challenge: string) => `helpdesk:2fa:challenge:${sha256(challenge).toString('hex')}`;

  async issue(pending: PendingSignIn): Promise<string> {
    const challenge = randomToken();
    await this.redis.set(this.key(challenge), JSON.stringify({ ...pending, attempts: 0 }), 'EX', CHALLENGE_SECONDS);
    return challenge;
  }

  async peek(challenge: string): Promise<PendingSignIn | null> {
    const raw = await this.redis.get(this.key(challenge));
    if (!raw) return null;
    const { userId, email } = JSON.parse(raw) as PendingSignIn;
    return { userId, email };
  }

  /** A wrong code: counts it, and ends the challenge at the limit. */
  async recordWrongCode(challenge: string): Promise<void> {
    const key = this.key(challenge);
    const raw = await this.redis.get(key);
    if (!raw) return;
    const state = JSON.parse(raw) as PendingSignIn & { attempts: number };
    if (++state.attempts >= ATTEMPTS_PER_CHALLENGE) await this.redis.del(key);
    else await this.redis.set(key, JSON.stringify(state), 'KEEPTTL');
  }

  /** Used up: true only for the one request that removed it (two concurrent answers cannot both sign in). */
  async consume(challenge: string): Promise<boolean> {
    return (await this.redis.del(this.key(challenge))) === 1;
  }
}
