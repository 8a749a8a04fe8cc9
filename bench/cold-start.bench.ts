import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type BenchResult } from './support.ts';

/**
 * P7: `npm start` cold start with the embedded database and the demo data set — a fresh data directory each
 * run (initdb, migrations, demo seed), timed from process spawn until /api/v1/ready answers 200.
 */
export async function benchColdStart(runs = 3): Promise<BenchResult> {
  const times: { health: number; ready: number }[] = [];
  for (let i = 0; i < runs; i++) times.push(await oneColdStart());
  const ready = times.map((t) => t.ready).sort((a, b) => a - b);
  const worst = ready[ready.length - 1];
  return {
    id: 'P7', title: '`npm start` cold start, embedded database, fresh data directory, demo data (2,000 enterprises)',
    target: 'ready in ≤ 20 s', pass: worst <= 20,
    seconds: round(worst), median_seconds: round(ready[Math.floor(ready.length / 2)]),
    runs: times.map((t) => ({ health_s: round(t.health), ready_s: round(t.ready) })),
  };
}

async function oneColdStart(): Promise<{ health: number; ready: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xinrong-p7-'));
  const port = await freePort();
  const t0 = performance.now();
  // Exactly the README command; npm passes the arguments after `--` on to `xinrong serve --demo`.
  const child = spawn('npm', ['start', '--silent', '--', '--data-dir', dataDir, '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'], detached: true,
  });
  let health = NaN;
  try {
    const deadline = t0 + 120_000;
    while (performance.now() < deadline) {
      if (Number.isNaN(health) && (await status(port, '/api/v1/health')) === 200) health = (performance.now() - t0) / 1000;
      if ((await status(port, '/api/v1/ready')) === 200) return { health, ready: (performance.now() - t0) / 1000 };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the node did not become ready within 120 s');
  } finally {
    // npm runs the node through a shell: stop the whole process group.
    const exited = new Promise((r) => child.once('exit', r));
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function status(port: number, path: string): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  } catch {
    return 0; // not listening yet
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
