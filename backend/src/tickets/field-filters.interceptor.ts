import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { gatherFieldFilters } from './tickets.dto';

/**
 * `GET /tickets?field.<key>=…`: a query parameter per custom field, which no DTO can
 * declare by name. Interceptors run before pipes, so this gathers them into `fields`
 * before the query is validated (and a misspelt parameter is still refused).
 */
@Injectable()
export class FieldFiltersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    req.query = gatherFieldFilters((req.query ?? {}) as Record<string, unknown>);
    return next.handle();
  }
}
