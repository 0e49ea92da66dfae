import { ConflictException, Injectable } from '@nestjs/common';
import type { IDToken } from 'openid-client';
import { randomToken } from '../auth/tokens';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { SsoIdentitiesRepository } from './sso-identities.repository';
import { SsoProvider } from './sso-providers.service';

/** Someone the provider vouched for who may not come in; the message is shown to them. */
export class SsoRefused extends Error {
  constructor(
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

const EMAIL = /^[^@\s]+@([^@\s]+)$/;

/**
 * Who a verified ID token is: the user this provider's `sub` was linked to before, else
 * the user with the token's email (then linked), else a new agent when the provider
 * creates them (just in time, within the licence's seats). The email comes from the
 * provider's `emailClaim`; its domain must be among `allowedDomains` when any are set; an
 * `email` the provider marks unverified (`email_verified: false`) is refused.
 */
@Injectable()
export class SsoSignInService {
  constructor(
    private readonly identities: SsoIdentitiesRepository,
    private readonly userRows: UsersRepository,
    private readonly users: UsersService,
  ) {}

  /**
   * @returns the id of the active user to sign in.
   * @throws SsoRefused naming the reason (domain not allowed, no account and no JIT, no free seat, deactivated).
   */
  async resolveUser(provider: SsoProvider, claims: IDToken): Promise<number> {
    const raw = claims[provider.emailClaim];
    const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    const domain = EMAIL.exec(email)?.[1];
    if (!domain)
      throw new SsoRefused(`${provider.name} did not send an email address (claim "${provider.emailClaim}")`);
    if (provider.emailClaim === 'email' && claims.email_verified === false)
      throw new SsoRefused(`${provider.name} has not verified the address ${email}`);
    if (provider.allowedDomains.length && !provider.allowedDomains.includes(domain))
      throw new SsoRefused(`Accounts of ${domain} cannot sign in to this help desk through ${provider.name}`);

    let user = await this.identities.linkedUser(provider.id, claims.sub);
    if (!user) {
      user = await this.userRows.findByEmail(email);
      if (!user && provider.autoCreateAgents) user = { id: await this.createAgent(email, claims), active: true };
      if (!user) {
        throw new SsoRefused(
          `There is no Helpdesk account for ${email}. Ask an administrator to create one, then sign in again.`,
        );
      }
      // One subject per user and provider: a second identity claiming the same mailbox is refused.
      if (await this.identities.linkedToOther(provider.id, user.id, claims.sub))
        throw new SsoRefused(`The account ${email} is linked to another ${provider.name} identity`);
      await this.identities.link(provider.id, claims.sub, user.id);
    }
    if (!user.active) throw new SsoRefused(`The account ${email} is deactivated`);
    await this.identities.recordUse(provider.id, claims.sub);
    return user.id;
  }

  /** A new agent with an unusable random password (they sign in through the provider). */
  private async createAgent(email: string, claims: IDToken): Promise<number> {
    const name =
      (typeof claims.name === 'string' && claims.name.trim()) ||
      [claims.given_name, claims.family_name].filter((n) => typeof n === 'string' && n).join(' ') ||
      email.split('@')[0];
    try {
      const user = await this.users.create({ email, name: name.slice(0, 200), role: 'agent', password: randomToken() });
      return user.id;
    } catch (e) {
      // Seat limit (the licence) or a concurrent first sign-in that created the user a moment ago.
      if (e instanceof ConflictException) {
        const again = await this.userRows.findByEmail(email);
        if (again) return again.id;
        throw new SsoRefused(
          `No free seat for a new agent: ${(e.getResponse() as { message?: string }).message ?? e.message}`,
        );
      }
      throw e;
    }
  }
}
