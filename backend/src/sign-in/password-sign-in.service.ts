import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthService, SignInClient } from '../auth/auth.service';
import { LoginLimiterService } from '../auth/login-limiter.service';
import { SsoProvidersService } from '../sso/sso-providers.service';
import { LoginChallenges } from '../two-factor/login-challenges';
import { TotpService } from '../two-factor/totp.service';
import { TwoFactorPolicyService } from '../two-factor/two-factor-policy.service';

const EXPIRED = 'This sign-in has expired; enter your password again';

/** What a password sign-in ends in: a session, or a challenge for the second factor. */
export type PasswordSignIn =
  | { kind: 'session'; result: Awaited<ReturnType<AuthService['startSession']>> }
  | { kind: 'challenge'; challenge: string };

/**
 * Signing in with a password, and with a second factor after it: the policies that
 * meet here are the single sign-on provider enforced for agents (admins keep the
 * password as a break-glass path), the user's own two-factor, and the admins' 2FA policy.
 */
@Injectable()
export class PasswordSignInService {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: LoginLimiterService,
    private readonly sso: SsoProvidersService,
    private readonly totp: TotpService,
    private readonly challenges: LoginChallenges,
    private readonly policy: TwoFactorPolicyService,
  ) {}

  /**
   * The password step. With two-factor set up there is no session yet, a challenge for
   * `secondFactor` instead; under the 2FA policy a user without it gets a session that
   * only reaches the enrolment routes.
   * @throws 401 on a wrong password, 403 (`reason: sso_required`) for an agent while a provider is enforced, 429.
   */
  async password(email: string, password: string, client: SignInClient): Promise<PasswordSignIn> {
    const user = await this.auth.checkPassword(email, password);
    const enforced = user.role === 'agent' ? await this.sso.enforcedProvider() : null;
    if (enforced) {
      throw new ForbiddenException({
        message: `Agents sign in with ${enforced.name}`,
        reason: 'sso_required',
        providerId: enforced.id,
      });
    }
    // The failure count is only cleared once the second factor is in too: a known
    // password must not reset the budget for guessing codes.
    if (await this.totp.isEnabled(user.id)) {
      return { kind: 'challenge', challenge: await this.challenges.issue({ userId: user.id, email: user.email }) };
    }
    await this.limiter.recordSuccess(email);
    const { required } = await this.policy.get();
    return {
      kind: 'session',
      result: await this.auth.startSession(user.id, client, { method: 'password', mustEnrolTotp: required }),
    };
  }

  /**
   * The second step: the challenge of the password step and a code (or a recovery code).
   * Wrong codes count against the account and the challenge (five end it).
   * @throws 401 for an expired or used challenge or a wrong code (`fields.code`), 429.
   */
  async secondFactor(challenge: string, code: string, client: SignInClient) {
    const pending = await this.challenges.peek(challenge);
    if (!pending) throw new UnauthorizedException(EXPIRED);
    await this.limiter.checkAccount(pending.email);
    if (!(await this.totp.verifyCode(pending.userId, code))) {
      await this.limiter.recordFailure(pending.email);
      await this.challenges.recordWrongCode(challenge);
      throw new UnauthorizedException({ message: 'Wrong or already used code', fields: { code: ['is wrong'] } });
    }
    if (!(await this.challenges.consume(challenge))) throw new UnauthorizedException(EXPIRED);
    await this.limiter.recordSuccess(pending.email);
    return this.auth.startSession(pending.userId, client, { method: 'password' });
  }
}
