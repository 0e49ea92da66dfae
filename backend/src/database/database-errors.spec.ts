import { QueryFailedError } from 'typeorm';
import { answeredByServer, isDataFault } from './database-errors';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const typeormError = (code: string) => new QueryFailedError('INSERT', [], pgError(code));

describe('isDataFault', () => {
  it.each([
    ['54000', 'string is too long for tsvector'],
    ['22021', 'invalid byte sequence'],
    ['23514', 'check constraint'],
    ['P0001', 'raised by a trigger'],
    ['42703', 'undefined column'],
  ])('counts SQLSTATE %s (%s), directly and through TypeORM', (code) => {
    expect(isDataFault(pgError(code))).toBe(true);
    expect(isDataFault(typeormError(code))).toBe(true);
  });

  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['53300', 'too many connections'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['57014', 'statement timeout'],
  ])('never counts SQLSTATE %s (%s): it may pass', (code) => {
    expect(isDataFault(pgError(code))).toBe(false);
    expect(isDataFault(typeormError(code))).toBe(false);
  });

  it('never counts errors without a SQLSTATE (timeouts, lost connections, unknown faults)', () => {
    expect(isDataFault(new Error('Query read timeout'))).toBe(false);
    expect(isDataFault(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isDataFault(null)).toBe(false);
  });
});

describe('answeredByServer', () => {
  it.each(['23505', '22021', '40P01', '57014', '42P01'])(
    'is true for a server error answer (SQLSTATE %s): the connection is in step',
    (code) => {
      expect(answeredByServer(pgError(code))).toBe(true);
      expect(answeredByServer(typeormError(code))).toBe(true);
    },
  );

  it.each(['08006', '08003', '57P01', '57P03'])('is false for SQLSTATE %s: the connection is going or gone', (code) => {
    expect(answeredByServer(typeormError(code))).toBe(false);
  });

  it('is false for what failed on our side only: a read timeout, a socket error', () => {
    expect(answeredByServer(new QueryFailedError('UPDATE', [], new Error('Query read timeout')))).toBe(false);
    expect(answeredByServer(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
    expect(answeredByServer(null)).toBe(false);
  });
});
