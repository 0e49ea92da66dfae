import { BadRequestException } from '@nestjs/common';

/** Opaque keyset cursor: the sort values of the last row of a page, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // fall through
  }
  throw new BadRequestException({
    message: 'cursor is not valid for this list',
    fields: { cursor: ['invalid cursor'] },
  });
}
