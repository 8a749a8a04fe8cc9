import { parentPort } from 'node:worker_threads';
import { blindAll, hashAndBlind } from './psi-group.ts';
import { createFactorTable, decrypt, randomFactor, randomFactorFromTable, type FactorTable, type PaillierPrivateKey, type PaillierPublicKey } from './paillier.ts';
import { multiExp } from './multiexp.ts';
import { fromB64, toB64 } from './bigint.ts';

/** The CPU-heavy tasks the worker pool runs (worker-pool.ts): PSI exponentiations and Paillier bulk operations. */
export interface WorkerTasks {
  'psi.hashAndBlind': { in: { secret: Uint8Array; ids: string[] }; out: Uint8Array };
  'psi.blindAll': { in: { secret: Uint8Array; points: Uint8Array }; out: Uint8Array };
  'paillier.factors': { in: { n: string; hs: string; bits: number; count: number }; out: string[] };
  'paillier.decrypt': { in: { n: string; hs: string; bits: number; p: string; q: string; ciphers: string[] }; out: string[] };
  'paillier.multiExp': { in: { n: string; bases: string[]; columns: number[][] }; out: string[] };
}

const publicKeyOf = (w: { n: string; hs: string; bits: number }): PaillierPublicKey => {
  const n = fromB64(w.n);
  return { n, n2: n * n, hs: fromB64(w.hs), bits: w.bits };
};

const keys = new Map<string, PaillierPrivateKey>();
/** Fixed-base tables by modulus (one per key a worker serves; 16 MB each at 2048 bits, so only the latest two). */
const tables = new Map<string, FactorTable>();
/** Below this many factors in one task, with no table yet, plain exponentiation is cheaper than building one. */
const TABLE_FROM = 32;

const handlers: { [K in keyof WorkerTasks]: (input: WorkerTasks[K]['in']) => WorkerTasks[K]['out'] } = {
  'psi.hashAndBlind': ({ secret, ids }) => hashAndBlind(secret, ids),
  'psi.blindAll': ({ secret, points }) => blindAll(secret, points),
  'paillier.factors': (w) => {
    const pub = publicKeyOf(w);
    let table = tables.get(w.n + w.hs);
    if (!table && w.count >= TABLE_FROM) {
      if (tables.size >= 2) tables.delete(tables.keys().next().value!);
      table = createFactorTable(pub);
      tables.set(w.n + w.hs, table);
    }
    const t = table;
    return Array.from({ length: w.count }, () => toB64(t ? randomFactorFromTable(t) : randomFactor(pub)));
  },
  'paillier.decrypt': (w) => {
    // The key object is kept so its CRT constants are computed once per worker.
    let key = keys.get(w.n);
    if (!key) {
      key = { publicKey: publicKeyOf(w), p: fromB64(w.p), q: fromB64(w.q) };
      if (keys.size > 8) keys.clear();
      keys.set(w.n, key);
    }
    const k = key;
    return w.ciphers.map((c) => toB64(decrypt(k, fromB64(c))));
  },
  'paillier.multiExp': ({ n, bases, columns }) => {
    const nn = fromB64(n);
    const n2 = nn * nn;
    const b = bases.map(fromB64);
    return columns.map((col) => toB64(multiExp(b, col, n2)));
  },
};

parentPort?.on('message', (msg: { id: number; task: keyof WorkerTasks; input: never }) => {
  try {
    const out = handlers[msg.task](msg.input);
    parentPort?.postMessage({ id: msg.id, ok: true, out });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
});
