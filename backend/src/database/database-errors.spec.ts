import { QueryFailedError } from 'typeorm';
import { isDataFault } from './database-errors';

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
