import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { SESSION_COOKIE, SessionsService, SignInMethod } from './sessions.service';

/**
 * The last step of every way in (password, password + second factor, single sign-on):
 * a session, its cookie (httpOnly, SameSite=Lax, Secure on HTTPS) and the answer the
 * browser needs.
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  async complete(
    userId: number,
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { method: SignInMethod; mustEnrolTotp?: boolean },
  ) {
    await this.db.getRepository(User).update({ id: userId }, { lastLoginAt: new Date() });
    const session = await this.sessions.create(userId, req.ip, req.headers['user-agent'] ?? null, opts);
    void reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.http.cookieSecure === 'auto' ? req.protocol === 'https' : this.config.http.cookieSecure,
      maxAge: session.maxAgeSeconds,
    });
    return {
      user: await this.users.get(userId),
      csrfToken: session.csrfToken,
      mustEnrolTotp: opts.mustEnrolTotp ?? false,
    };
  }
}
