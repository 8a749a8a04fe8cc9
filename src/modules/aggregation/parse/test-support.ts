/** Helpers for this folder's tests: byte sources cut in chosen places, and reading a batch to the end. */
import { expect } from 'vitest';
import { BatchFormatError } from './errors.ts';
import { readRows } from './read-rows.ts';
import type { ReadRowsOptions, SourceRow } from './source-row.ts';

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Yields the given parts as separate chunks. */
export async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? bytesOf(part) : part;
}

/** `bytes` cut at the given offsets. */
export function cutAt(bytes: Uint8Array, ...offsets: number[]): AsyncGenerator<Uint8Array> {
  const bounds = [0, ...offsets, bytes.length];
  return chunks(...bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end)));
}

/** `bytes` one byte at a time. */
export function byteByByte(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  return cutAt(bytes, ...Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1));
}

export async function readAll(source: AsyncIterable<Uint8Array> | string | Uint8Array, opts: ReadRowsOptions): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readRows(typeof source === 'string' || source instanceof Uint8Array ? chunks(source) : source, opts)) rows.push(row);
  return rows;
}

/** The BatchFormatError reading fails with, and the rows delivered before it. */
export async function failure(source: AsyncIterable<Uint8Array> | string | Uint8Array, opts: ReadRowsOptions): Promise<BatchFormatError & { rowsBefore: SourceRow[] }> {
  const rows: SourceRow[] = [];
  try {
    for await (const row of readRows(typeof source === 'string' || source instanceof Uint8Array ? chunks(source) : source, opts)) rows.push(row);
  } catch (err) {
    expect(err).toBeInstanceOf(BatchFormatError);
    return Object.assign(err as BatchFormatError, { rowsBefore: rows });
  }
  throw new Error(`expected a BatchFormatError, read ${rows.length} rows`);
}
