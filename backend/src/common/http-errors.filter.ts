import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { isUniqueViolation } from '../database/database-errors';
import { DomainError, DomainErrorCode } from './domain-error';
import { OutageLog } from './outage-log';
import { isDependencyUnavailable } from './unavailable';

/** Seconds a client is asked to wait when a dependency is unavailable. */
const RETRY_AFTER_SECONDS = 5;

const HTTP_EXCEPTION: Record<DomainErrorCode, (e: DomainError) => HttpException> = {
  not_found: (e) => new NotFoundException(e.message),
  conflict: (e) => new ConflictException(e.message),
  invalid: (e) => new BadRequestException({ message: e.message, fields: e.fields }),
  unavailable: (e) => new ServiceUnavailableException(e.message),
};

/** A domain error as the HTTP exception the API answers with: 404, 409, 400 with its fields, or 503. */
export const httpExceptionOf = (e: DomainError): HttpException => HTTP_EXCEPTION[e.code](e);

/**
 * Every error leaves as JSON `{statusCode, error, message}`; domain errors answer with
 * their code's status (httpExceptionOf); unexpected errors are logged with their
 * stack and answered 500 without one. A database or Redis that is down or does not
 * answer in time is 503 with Retry-After, logged once per outage.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');
  private readonly outage = new OutageLog(this.logger, 'A dependency of the API');

  /** An API request succeeded: an outage the API was in is over. */
  answered() {
    this.outage.success();
  }

  catch(thrown: unknown, host: ArgumentsHost) {
    const exception = thrown instanceof DomainError ? httpExceptionOf(thrown) : thrown;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown> = { message: 'Internal server error' };

    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const res = exception.getResponse();
      body = typeof res === 'string' ? { message: res } : { ...(res as object) };
    } else if (isUniqueViolation(exception)) {
      status = HttpStatus.CONFLICT;
      body = { message: 'A record with the same unique value already exists' };
    } else if (isFastifyClientError(exception)) {
      status = exception.statusCode;
      body = { message: exception.message };
    } else if (isDependencyUnavailable(exception)) {
      this.outage.failure(exception);
      status = HttpStatus.SERVICE_UNAVAILABLE;
      body = {
        message: 'The help desk cannot reach its database or queue; try again shortly',
        retryAfter: RETRY_AFTER_SECONDS,
      };
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    const error = STATUS_CODES[status] ?? 'Error';
    if (typeof body.retryAfter === 'number') void reply.header('Retry-After', String(body.retryAfter));
    void reply.status(status).send({ ...body, statusCode: status, error });
  }
}

function isFastifyClientError(e: unknown): e is { statusCode: number; message: string } {
  const code = (e as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 500;
}
