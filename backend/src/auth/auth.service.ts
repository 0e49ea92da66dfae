import { Injectable, UnauthorizedException } from '@nestjs/common';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../users/passwords';
import { toUserView } from '../users/user.view';
import { UpdateMeDto } from '../users/users.dto';
import { UsersRepository } from '../users/users.repository';
import { LoginLimiterService } from './login-limiter.service';
import { SessionsService } from './sessions.service';

/** Signing in and a user's own account: the steps behind /auth. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: LoginLimiterService,
  ) {}

  /**
   * Checks the password within the login limits and opens a session. An unknown account
   * costs an argon2 verification too (no timing oracle); every refusal reads the same.
   * Throws 401 on wrong credentials or a deactivated user, 429 past the limits.
   */
  async login(email: string, password: string, ip: string, userAgent: string | null) {
    await this.limiter.checkAttempt(ip, email);
    const user = await this.users.credentialsByEmail(email);
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      await this.limiter.recordFailure(email);
      throw new UnauthorizedException('Wrong email or password');
    }
    await this.limiter.recordSuccess(email);
    await this.users.recordLogin(user.id);
    const session = await this.sessions.create(user.id, ip, userAgent);
    return { user: await this.me(user.id), session };
  }

  /** The signed-in user as the API shows them. */
  async me(userId: number) {
    return toUserView((await this.users.find(userId))!);
  }

  /** A user's own name and password; a new password needs the current one (401 otherwise). */
  async updateMe(userId: number, dto: UpdateMeDto) {
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
    return this.me(userId);
  }
}
