import { Injectable, UnauthorizedException } from '@nestjs/common';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../users/passwords';
import { toUserView } from '../users/user.view';
import { UpdateMeDto } from '../users/users.dto';
import { UserCredentials, UsersRepository } from '../users/users.repository';
import { LoginLimiterService } from './login-limiter.service';
import { SessionsService, SignInMethod } from './sessions.service';

/** Where a sign-in comes from, as its session records it. */
export interface SignInClient {
  ip: string | null;
  userAgent: string | null;
}

/** The steps behind /auth that every way in shares: passwords, opening a session, one's own account. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: LoginLimiterService,
  ) {}

  /**
   * Checks a password within the account's failure limit (the per-IP limit is the web
   * edge's). An unknown account costs an argon2 verification too (no timing oracle);
   * every refusal reads the same. A correct password does not clear the failure count:
   * the caller does once the sign-in is complete (a second factor may still be due).
   * @throws UnauthorizedException (401) on wrong credentials or a deactivated user; 429 past the limit.
   */
  async checkPassword(email: string, password: string): Promise<UserCredentials> {
    await this.limiter.checkAccount(email);
    const user = await this.users.credentialsByEmail(email);
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      await this.limiter.recordFailure(email);
      throw new UnauthorizedException('Wrong email or password');
    }
    return user;
  }

  /**
   * A signed-in user confirms their own password (to turn two-factor off); a wrong one
   * counts as a failed sign-in of the account.
   * @throws UnauthorizedException with `fields.password`; 429 past the limit.
   */
  async confirmPassword(userId: number, email: string, password: string): Promise<void> {
    await this.limiter.checkAccount(email);
    const user = await this.users.credentialsById(userId);
    if (!user || !(await verifyPassword(user.password_hash, password))) {
      await this.limiter.recordFailure(email);
      throw new UnauthorizedException({ message: 'password is wrong', fields: { password: ['is wrong'] } });
    }
  }

  /**
   * The last step of every way in (password, password + second factor, single sign-on):
   * records the sign-in and opens a session. `session` goes to the browser as a cookie
   * (`setSessionCookie`), `answer` as the body (LoginView).
   */
  async startSession(userId: number, client: SignInClient, opts: { method: SignInMethod; mustEnrolTotp?: boolean }) {
    await this.users.recordLogin(userId);
    const session = await this.sessions.create(userId, client.ip, client.userAgent, opts);
    return {
      session,
      answer: { user: await this.me(userId), csrfToken: session.csrfToken, mustEnrolTotp: opts.mustEnrolTotp ?? false },
    };
  }

  /** The signed-in user as the API shows them. */
  async me(userId: number) {
    return toUserView((await this.users.find(userId))!);
  }

  /**
   * A user's own name and password; a new password needs the current one (401 otherwise)
   * and ends every other session of the user (`keep`, the one making the change, stays).
   */
  async updateMe(userId: number, keep: Buffer | undefined, dto: UpdateMeDto) {
    let passwordHash: string | undefined;
    if (dto.newPassword !== undefined) {
      const user = await this.users.credentialsById(userId);
      if (!user || !dto.currentPassword || !(await verifyPassword(user.password_hash, dto.currentPassword))) {
        throw new UnauthorizedException({
          message: 'currentPassword is wrong',
          fields: { currentPassword: ['is wrong'] },
        });
      }
      passwordHash = await hashPassword(dto.newPassword);
    }
    await this.users.update(userId, { name: dto.name, title: dto.title, signature: dto.signature, passwordHash });
    if (passwordHash) await this.sessions.endOthers(userId, keep);
    return this.me(userId);
  }
}
