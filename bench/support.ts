import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { openPostgres, migrate, type Db } from '../src/platform/db/index.ts';

export interface BenchResult {
  id: string;
  title: string;
  target: string;
  /** Whether the target was met in this run. */
  pass: boolean;
  /** The headline figure fields required by SPEC §5.2 (seconds, ratio, p99_ms, …) and the raw figures. */
  [field: string]: unknown;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throw-away schema on the benchmark PostgreSQL server, migrated; dropped by `drop()`. */
export async function scratchPostgres(): Promise<{ db: Db; schema: string; drop(): Promise<void> }> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres({ url: BENCH_DATABASE_URL, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = await openPostgres({ url: BENCH_DATABASE_URL, schema, max: 4 });
  await migrate(db);
  return {
    db, schema,
    async drop() {
      await db.close();
      const a = await openPostgres({ url: BENCH_DATABASE_URL, max: 1 });
      await a.exec(`DROP SCHEMA ${schema} CASCADE`);
      await a.close();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

/** A TCP port on 127.0.0.1 free right now (for spawning a node process in benchmarks and process tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The machine's CPU time since boot from /proc/stat (Linux), in clock ticks: `steal` is time the hypervisor gave this
 * virtual machine's CPUs to someone else — on a shared host it shows why a latency figure moved between runs.
 */
export function machineCpu(): { total: number; idle: number; steal: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), idle: f[3] + f[4], steal: f[7] ?? 0 };
  } catch {
    // not Linux: the figure is left out, never estimated
    return null;
  }
}

/**
 * CPU seconds used so far by this machine's processes of a given command name (e.g. 'postgres': the server and
 * its backends), from /proc; null off Linux. Processes that ended in between are not counted.
 */
export function processCpuSeconds(comm: string): Map<number, number> | null {
  try {
    const hz = 100; // USER_HZ on Linux
    const out = new Map<number, number>();
    for (const pid of readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== comm) continue;
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / hz);
    }
    return out;
  } catch {
    return null;
  }
}

/** CPU seconds the processes of `b` used since `a` (new processes counted from zero). */
export function processCpuSince(a: Map<number, number> | null, b: Map<number, number> | null): number | null {
  if (!a || !b) return null;
  let sum = 0;
  for (const [pid, s] of b) sum += s - (a.get(pid) ?? 0);
  return Math.round(sum * 100) / 100;
}

/** Shares (0–1) of the machine's CPU time between two machineCpu() readings that were idle and stolen. */
export function machineCpuShares(a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>): { busy: number; steal: number } | null {
  if (!a || !b || b.total <= a.total) return null;
  const total = b.total - a.total;
  return { busy: Math.round((1 - (b.idle - a.idle) / total) * 1000) / 1000, steal: Math.round(((b.steal - a.steal) / total) * 1000) / 1000 };
}
