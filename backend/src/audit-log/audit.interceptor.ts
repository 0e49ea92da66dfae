import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { concatMap, from, Observable, switchMap } from 'rxjs';
import type { AuthedRequest } from '../common/auth-context';
import { AuditLogService } from './audit-log.service';
import { AUDIT_TARGETS, AUDITED_ROUTES } from './audited-routes';
import { diffChanges } from './changes';

/**
 * Records admin actions declared in AUDITED_ROUTES: reads the target before the handler,
 * lets it run, and once it succeeded writes who (the principal), what (the action, the
 * target, the changed fields, secrets masked), from where (the client IP) and when.
 * Failed actions changed nothing and are not recorded. Every other route passes through.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly ref: ModuleRef,
    private readonly log: AuditLogService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const audited = AUDITED_ROUTES[`${req.method} ${req.routeOptions.url}`];
    if (!audited || !req.principal) return next.handle();
    const principal = req.principal;
    const params = (req.params ?? {}) as Record<string, string>;
    const routeId = params.id ?? params.key ?? params.domain ?? null;
    const load = AUDIT_TARGETS[audited.target];

    // A creation has no before; a singleton (relay, licence, policy) is read without an id.
    const before = audited.action.endsWith('.create') ? Promise.resolve(null) : load(this.ref, routeId);

    return from(before).pipe(
      switchMap((before) =>
        next.handle().pipe(
          concatMap(async (result) => {
            if (audited.when && !audited.when(before, principal)) return result;
            const deleted = req.method === 'DELETE' && audited.action.endsWith('.delete');
            const after = deleted ? null : await this.afterState(result, audited.target, routeId);
            const targetId = routeId ?? (after && after.id !== undefined ? String(after.id) : null);
            try {
              await this.log.record({
                actorId: principal.id,
                action: audited.action,
                targetType: audited.target,
                targetId,
                changes: diffChanges(before, after, req.body, audited.secretFields),
                ip: req.ip,
              });
            } catch (e) {
              // The action is done and answered either way; a lost record is reported loudly.
              this.logger.error(`could not record ${audited.action} by user ${principal.id}: ${(e as Error).message}`);
            }
            return result;
          }),
        ),
      ),
    );
  }

  /**
   * The target after the action, read the same way as before it (so both have the same
   * fields); a singleton is read without an id, a creation by the id it answered.
   */
  private afterState(result: unknown, target: keyof typeof AUDIT_TARGETS, id: string | null) {
    const answered = result && typeof result === 'object' ? (result as { id?: unknown }).id : undefined;
    return AUDIT_TARGETS[target](this.ref, id ?? (answered === undefined ? null : String(answered)));
  }
}
