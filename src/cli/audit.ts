import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { ConfigError } from '../platform/config.ts';
import { createPlatform } from '../platform/platform.ts';
import { createAuditLog, verifyCheckpointChain, verifyExport, verifyReceipt, type AuditLog, type VerifyResult } from '../modules/audit/index.ts';

/**
 * `xinrong audit verify|export|checkpoints` (docs/audit-verify.md). `verify` needs no server and no database:
 * a regulator runs it on the files it took away. `export` and `checkpoints` read the database directly
 * (DATABASE_URL, or the embedded folder while no server holds it).
 */

export interface VerifyFileOptions {
  /** a receipt (JSON) instead of an export */
  receipt?: boolean;
  /** a checkpoint chain (NDJSON) instead of an export */
  checkpoints?: boolean;
  /** a file holding the C2SP verifier key to trust, or the key itself; default: the key inside the file */
  key?: string;
}

function pinnedKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (existsSync(key)) return readFileSync(key, 'utf8').trim();
  if (key.includes('+')) return key.trim();
  throw new ConfigError([`--key ${key}: no such file, and not a verifier key <name>+<key id>+<key data>`]);
}

function lines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/** Verifies one file; the result and the line to print. */
export async function verifyFile(file: string, opts: VerifyFileOptions = {}): Promise<{ result: VerifyResult; message: string }> {
  if (!existsSync(file)) throw new ConfigError([`no such file: ${file}`]);
  const verifierKey = pinnedKey(opts.key);
  let result: VerifyResult;
  let what: string;
  if (opts.receipt) {
    let receipt: unknown;
    try {
      receipt = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new ConfigError([`${file} is not a JSON receipt`]);
    }
    result = verifyReceipt(receipt, { verifierKey });
    what = `receipt of entry ${result.fromSeq ?? '?'}`;
  } else if (opts.checkpoints) {
    result = await verifyCheckpointChain(lines(file), { verifierKey });
    what = `checkpoint chain (${result.checkpoints ?? 0} checkpoints)`;
  } else {
    result = await verifyExport(lines(file), { verifierKey });
    what = `export of entries ${result.fromSeq}–${result.toSeq} (${result.entries ?? 0} entries${result.rootChecked ? ', root recomputed' : ', root not recomputable from this slice'})`;
  }
  const keyNote = result.key === 'embedded' ? ' [key taken from the file: pin it with --key]' : '';
  if (!result.ok) {
    const f = result.failure!;
    const where = f.seq !== null ? `seq ${f.seq}` : f.size !== undefined ? `checkpoint of size ${f.size}` : 'file';
    return { result, message: `FAIL ${where}: ${f.reason}` };
  }
  return { result, message: `OK ${what}; tree size ${result.treeSize}, root ${result.root}${keyNote}` };
}

async function writeLines(out: string, source: AsyncIterable<string>): Promise<number> {
  const stream = createWriteStream(out);
  let count = 0;
  for await (const chunk of source) {
    count += chunk.split('\n').length - 1;
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return count;
}

/** Writes the export NDJSON (header + entries) of [fromSeq, toSeq] to `out`; returns the number of lines. */
export function exportAuditLog(log: AuditLog, out: string, range: { fromSeq?: number; toSeq?: number } = {}): Promise<number> {
  return writeLines(out, log.exportLines(range));
}

/** Writes the checkpoint chain NDJSON (header + one line per signed tree head with its consistency proof). */
export function exportCheckpointChain(log: AuditLog, out: string): Promise<number> {
  return writeLines(out, log.checkpointChainLines());
}

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError([`${name} must be a non-negative integer (got ${value})`]);
  return n;
};

/** The `audit` command group; `configFrom` is the CLI's configuration reader (environment + --data-dir). */
export function auditCommand(configFrom: (opts: { dataDir?: string }) => Config): Command {
  const audit = new Command('audit').description('The tamper-evident audit log (C5): verify exports and receipts offline, export slices');

  audit
    .command('verify [file]')
    .description('Verify an export (NDJSON) offline: leaf hashes, consecutive seqs, root against the signed checkpoint; prints OK or the first bad entry and exits 1')
    .option('--receipt <file>', 'verify one evidence receipt (JSON) instead')
    .option('--checkpoints <file>', 'verify a checkpoint chain (NDJSON with consistency proofs) instead')
    .option('--key <file>', 'file with the C2SP verifier key to trust (default: the key inside the file)')
    .action(async (file: string | undefined, opts: { receipt?: string; checkpoints?: string; key?: string }) => {
      const target = opts.receipt ?? opts.checkpoints ?? file;
      if (!target) throw new ConfigError(['name an export file, or --receipt <file>, or --checkpoints <file>']);
      const { result, message } = await verifyFile(target, { receipt: !!opts.receipt, checkpoints: !!opts.checkpoints, key: opts.key });
      (result.ok ? console.log : console.error)(message);
      if (!result.ok) process.exitCode = 1;
    });

  audit
    .command('export')
    .description('Export entries with a signed checkpoint and the public key as NDJSON, from the database directly')
    .requiredOption('--out <file>', 'where to write the NDJSON')
    .option('--from-seq <n>', 'first entry (default 0)', int('--from-seq'))
    .option('--to-seq <n>', 'last entry (default: the last one)', int('--to-seq'))
    .option('--data-dir <dir>', 'embedded database folder (not while a server uses it)')
    .action(async (opts: { out: string; fromSeq?: number; toSeq?: number; dataDir?: string }) => {
      const config = configFrom(opts);
      const platform = await createPlatform(config);
      try {
        const log = createAuditLog({ db: platform.db, keys: platform.keys, config: { nodeName: config.nodeName } });
        const n = await exportAuditLog(log, opts.out, { fromSeq: opts.fromSeq, toSeq: opts.toSeq });
        console.log(`wrote ${n - 1} entries and the header to ${opts.out}`);
      } finally {
        await platform.db.close();
      }
    });

  audit
    .command('checkpoints')
    .description('Export the signed tree heads with consistency proofs between them as NDJSON (verify with `audit verify --checkpoints`)')
    .requiredOption('--out <file>', 'where to write the NDJSON')
    .option('--data-dir <dir>', 'embedded database folder (not while a server uses it)')
    .action(async (opts: { out: string; dataDir?: string }) => {
      const config = configFrom(opts);
      const platform = await createPlatform(config);
      try {
        const log = createAuditLog({ db: platform.db, keys: platform.keys, config: { nodeName: config.nodeName } });
        await log.checkpoint();
        const n = await exportCheckpointChain(log, opts.out);
        console.log(`wrote ${n - 1} checkpoints to ${opts.out}`);
      } finally {
        await platform.db.close();
      }
    });

  return audit;
}
