import { badRequest } from './problem.ts';

/** Opaque cursors for keyset pagination: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === arity) return value;
  } catch {
    // fall through to the error below: a cursor is opaque, any decoding failure means it was altered
  }
  throw badRequest('CURSOR_INVALID', { zh: '分页游标无效', en: 'The pagination cursor is not valid' });
}
