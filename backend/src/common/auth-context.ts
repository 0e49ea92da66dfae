import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from './roles';

/** Who made the request, attached by the auth guard. */
export interface Principal {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  /** How they proved it: a browser session (needs CSRF on unsafe methods) or an API token. */
  via: 'session' | 'token';
  sessionHash?: Buffer;
  sessionId?: number;
  csrfToken?: string;
  /** A password sign-in that must set up two-factor first: only routes marked AllowedBeforeTotpEnrolment pass. */
  mustEnrolTotp?: boolean;
}

export type AuthedRequest = FastifyRequest & { principal?: Principal };

export const IS_PUBLIC = 'helpdesk:public';
/** The route needs no authentication (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const REQUIRED_ROLE = 'helpdesk:role';
/** The route is for admins only; everything else is for any signed-in agent. */
export const AdminOnly = () => SetMetadata(REQUIRED_ROLE, 'admin');

export const ALLOWED_BEFORE_TOTP = 'helpdesk:before-totp';
/** The route stays open to a session that must enrol two-factor first (the enrolment itself, sign-out, who am I). */
export const AllowedBeforeTotpEnrolment = () => SetMetadata(ALLOWED_BEFORE_TOTP, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal!;
});
