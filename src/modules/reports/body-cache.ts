/**
 * Report bodies recently generated, as canonical texts (P3). A body depends only on the data read for it, the items the
 * reader may see and the reader's masking; every generation still reads the data (one statement, which answers the
 * SHA-256 of what it read) and the cache answers only when that is the digest of the inputs the cached body was made
 * from, byte for byte. So a record, objection, repair or evaluation that changed a moment ago is in the very next
 * report: the cache saves assembling, masking and canonicalising the same body again, never a read.
 */
export interface CachedBody {
  /** SHA-256 of the inputs the body was assembled from (computed by the database over the texts it read) */
  inputs: string;
  /** the body's members as RFC 8785 texts (digest.ts canonicalMembers) */
  members: ReadonlyMap<string, string>;
  /** SM3 of the body (digest.ts bodyDigest) */
  bodySm3: string;
}

/** Least recently used first out, bounded by the characters the bodies hold (≈ 2 bytes each for Chinese text). */
export function createBodyCache(maxChars: number) {
  const entries = new Map<string, CachedBody & { chars: number }>();
  let chars = 0;
  return {
    get(key: string, inputs: string): CachedBody | undefined {
      const e = entries.get(key);
      if (!e || e.inputs !== inputs) return undefined;
      // re-inserted: Map order is recency order
      entries.delete(key);
      entries.set(key, e);
      return e;
    },
    set(key: string, body: CachedBody): void {
      let size = key.length + body.inputs.length;
      for (const t of body.members.values()) size += t.length;
      if (size > maxChars) return;
      const old = entries.get(key);
      if (old) {
        chars -= old.chars;
        entries.delete(key);
      }
      entries.set(key, { ...body, chars: size });
      chars += size;
      for (const [k, e] of entries) {
        if (chars <= maxChars) break;
        entries.delete(k);
        chars -= e.chars;
      }
    },
    get size() {
      return entries.size;
    },
  };
}
