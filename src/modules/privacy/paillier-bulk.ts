import { fromB64, toB64 } from './bigint.ts';
import { encryptWith, publicKeyToWire, type PaillierPrivateKey, type PaillierPublicKey } from './paillier.ts';
import { slices, type WorkerPool } from './worker-pool.ts';

/**
 * Bulk Paillier work on the worker pool: a pool of precomputed randomness factors (filled ahead, in the
 * background), many-at-once decryption and multi-exponentiation.
 */
export interface RandomnessPool {
  /** Resolves once at least `count` factors are ready (the offline phase of a training). */
  prefill(count: number): Promise<void>;
  /** Takes `count` fresh factors, computing any that are missing; each factor is used once. */
  take(count: number): Promise<bigint[]>;
  readonly available: number;
  /** Factors computed so far and the milliseconds the pool's tasks took, for the benchmark. */
  stats(): { produced: number; taskMs: number };
}

const CHUNK = 64;

export function createRandomnessPool(pub: PaillierPublicKey, workers: WorkerPool): RandomnessPool {
  const ready: bigint[] = [];
  const wire = publicKeyToWire(pub);
  let produced = 0;
  let taskMs = 0;
  let inflight = 0;
  const produce = async (count: number) => {
    inflight += count;
    const t = performance.now();
    try {
      const out = await workers.run('paillier.factors', { ...wire, count });
      for (const f of out) ready.push(fromB64(f));
      produced += out.length;
      taskMs += performance.now() - t;
    } finally {
      inflight -= count;
    }
  };
  const ensure = async (count: number) => {
    const missing = count - ready.length - inflight;
    const tasks: Promise<void>[] = [];
    for (let left = missing; left > 0; left -= CHUNK) tasks.push(produce(Math.min(CHUNK, left)));
    await Promise.all(tasks);
    // Others' in-flight chunks may still be pending; wait for them rather than computing twice.
    while (ready.length < count && inflight > 0) await new Promise((r) => setTimeout(r, 2));
    if (ready.length < count) await ensure(count);
  };
  return {
    get available() { return ready.length; },
    prefill: (count) => ensure(count),
    async take(count) {
      await ensure(count);
      return ready.splice(0, count);
    },
    stats: () => ({ produced, taskMs }),
  };
}

export async function encryptMany(pub: PaillierPublicKey, plaintexts: readonly bigint[], pool: RandomnessPool): Promise<bigint[]> {
  const factors = await pool.take(plaintexts.length);
  return plaintexts.map((m, i) => encryptWith(pub, m, factors[i]));
}

export async function decryptMany(key: PaillierPrivateKey, ciphers: readonly bigint[], workers: WorkerPool): Promise<bigint[]> {
  const wire = { ...publicKeyToWire(key.publicKey), p: toB64(key.p), q: toB64(key.q) };
  const parts = await Promise.all(slices(ciphers, workers.size).map((part) => workers.run('paillier.decrypt', { ...wire, ciphers: part.map((c) => toB64(c)) })));
  return parts.flat().map(fromB64);
}

/** Π_i bases_i^{columns[j][i]} mod n² for every column j, columns spread over the workers. */
export async function multiExpColumns(pub: PaillierPublicKey, bases: readonly bigint[], columns: readonly number[][], workers: WorkerPool): Promise<bigint[]> {
  const b64 = bases.map((b) => toB64(b));
  const n = toB64(pub.n);
  const groups = slices(columns.map((c, j) => ({ c, j })), workers.size);
  const out: bigint[] = new Array(columns.length);
  await Promise.all(groups.map(async (g) => {
    const res = await workers.run('paillier.multiExp', { n, bases: b64, columns: g.map((x) => x.c) });
    g.forEach((x, k) => { out[x.j] = fromB64(res[k]); });
  }));
  return out;
}
