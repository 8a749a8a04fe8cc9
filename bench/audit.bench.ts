import { randomInt } from 'node:crypto';
import { generateSigningKey } from '../src/platform/crypto/index.ts';
import { createAuditLog } from '../src/modules/audit/index.ts';
import { parseVerifierKey, verifyCheckpoint } from '../src/modules/audit/checkpoint.ts';
import { accessEvent } from '../src/modules/audit/test-fixtures.ts';
import { verifyInclusion } from '../src/modules/audit/merkle.ts';
import { TreeLevels } from '../src/modules/audit/tree.ts';
import { scratchPostgres, type BenchResult } from './support.ts';

const round = (n: number, d = 3) => Number(n.toFixed(d));

/**
 * P5 (SPEC §5.2): the audit log on PostgreSQL. Appends: 100,000 events issued concurrently in waves of 10,000
 * through the batching writer (each wave's callers wait for their index, i.e. for the commit). Verification: the
 * mean time of one inclusion-proof check (RFC 9162 §2.1.3.2, SM3) over 10,000 proofs at a tree of ≥ 100,000
 * leaves, against the root of the signed checkpoint.
 */
export async function benchAudit(opts: { appends?: number; wave?: number; proofs?: number } = {}): Promise<BenchResult> {
  const appends = opts.appends ?? 100_000;
  const wave = opts.wave ?? 10_000;
  const proofs = opts.proofs ?? 10_000;
  const scratch = await scratchPostgres();
  try {
    const signing = { ...generateSigningKey('sm2'), keyId: 'bench' };
    const log = createAuditLog({ db: scratch.db, keys: { signing }, config: { nodeName: 'bench' } });
    // Warm-up: the first batches pay for connections and plan caching.
    await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append(accessEvent(i))));
    const started = performance.now();
    for (let done = 0; done < appends; done += wave) {
      const n = Math.min(wave, appends - done);
      await Promise.all(Array.from({ length: n }, (_, i) => log.append(accessEvent(1000 + done + i, `91131002MA0CX${String((done + i) % 100000).padStart(5, '0')}`))));
    }
    const appendSeconds = (performance.now() - started) / 1000;
    const appendsPerS = Math.round(appends / appendSeconds);

    const cp = await log.checkpoint();
    const head = verifyCheckpoint(cp.note, [parseVerifierKey(log.publicKey().verifierKey)]);
    const leaves = (await scratch.db.query<{ leaf_hash: Uint8Array }>('SELECT leaf_hash FROM audit_entries WHERE seq < $1 ORDER BY seq', [head.size]))
      .map((r) => Buffer.from(r.leaf_hash));
    const tree = new TreeLevels('sm3', leaves);
    if (!tree.root().equals(head.root)) throw new Error('P5: the stored leaves do not give the signed root');
    const cases = Array.from({ length: proofs }, () => {
      const index = randomInt(head.size);
      return { index, leaf: leaves[index], proof: tree.inclusionProof(index) };
    });
    let valid = 0;
    const t0 = performance.now();
    for (const c of cases) if (verifyInclusion('sm3', c.index, head.size, c.leaf, c.proof, head.root)) valid++;
    const verifyMs = (performance.now() - t0) / proofs;
    if (valid !== proofs) throw new Error(`P5: ${proofs - valid} inclusion proofs did not verify`);

    return {
      id: 'P5',
      title: `audit log on PostgreSQL: ${appends.toLocaleString('en')} batched appends (waves of ${wave.toLocaleString('en')} concurrent), ${proofs.toLocaleString('en')} inclusion proofs verified at tree size ${head.size.toLocaleString('en')} (SM3)`,
      target: '≥ 20,000 appends/s (batched), inclusion-proof verification ≤ 1 ms',
      pass: appendsPerS >= 20_000 && verifyMs <= 1,
      appends_per_s: appendsPerS,
      verify_ms: round(verifyMs, 4),
      appends, wave, append_seconds: round(appendSeconds), tree_size: head.size, proofs, proof_length: cases[0].proof.length,
      hash: 'sm3', checkpoint_signature: 'sm2',
    };
  } finally {
    await scratch.drop();
  }
}
