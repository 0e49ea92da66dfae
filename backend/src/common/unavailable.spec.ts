import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDependencyUnavailable } from './unavailable';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it('knows a database or Redis that is down, restarting, frozen or gone', () => {
    for (const e of [
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      new Error('Connection terminated unexpectedly'),
      new QueryRunnerAlreadyReleasedError(),
      new Error('Reached the max retries per request limit (which is 2).'),
      new Error('wrapped', { cause: coded('ECONNRESET') }),
      new QueryFailedError('SELECT 1', [], coded('57P01')),
    ])
      expect([String(e), isDependencyUnavailable(e)]).toEqual([String(e), true]);
  });

  it('leaves faults of the request or the code alone', () => {
    for (const e of [
      coded('23505', 'duplicate key value violates unique constraint'),
      coded('42P01', 'relation "nope" does not exist'),
      new QueryFailedError('SELECT', [], coded('22P02', 'invalid input syntax')),
      new TypeError('x is undefined'),
      'a string',
      null,
    ])
      expect([String(e), isDependencyUnavailable(e)]).toEqual([String(e), false]);
  });
});
