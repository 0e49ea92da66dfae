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
  csrfToken?: string;
}

export type AuthedRequest = FastifyRequest & { principal?: Principal };

export const IS_PUBLIC = 'helpdesk:public';
/** The route needs no authentication (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const REQUIRED_ROLE = 'helpdesk:role';
/** The route is for admins only; everything else is for any signed-in agent. */
export const AdminOnly = () => SetMetadata(REQUIRED_ROLE, 'admin');

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal!;
});
