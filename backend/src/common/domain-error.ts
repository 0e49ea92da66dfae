/**
 * What a domain service refuses, said without HTTP: the worker calls the same services
 * as the API, where status codes mean nothing. The one exception filter
 * (`http-errors.filter.ts`) maps each code to its HTTP answer. Model: Twenty's
 * per-module exceptions with a code enum, mapped by one filter.
 */
export type DomainErrorCode =
  /** The thing named does not exist (404). */
  | 'not_found'
  /** The thing is in a state that forbids the change, e.g. a closed ticket (409). */
  | 'conflict'
  /** The request names a bad value; `fields` says which (400). */
  | 'invalid'
  /** Something it needs is down for now, e.g. the object store; try again later (503). */
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Per field, what is wrong with it (for `invalid`). */
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** `field: problem`, with the field named in `fields` as the validation pipe does. */
  static invalid(field: string, problem: string): DomainError {
    return new DomainError('invalid', `${field}: ${problem}`, { [field]: [problem] });
  }
}
