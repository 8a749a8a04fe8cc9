import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design } from '../../src/modules/scoring/index.ts';

/** Runs bench/reference/scorecard_reference.py (NumPy/SciPy) on a design the TypeScript engine exported. */
export const REFERENCE_SCRIPT = fileURLToPath(new URL('./scorecard_reference.py', import.meta.url));

export interface ReferenceFit {
  method: 'lbfgs' | 'newton';
  intercept: number;
  coefficients: number[];
  logloss: number;
  auc: number;
  seconds: number;
  cpu_seconds: number;
  iterations: number;
  gradient_norm: number;
  numpy: string;
  scipy: string;
}

/** Why the reference cannot run here (no python3, or no NumPy/SciPy), or null when it can. */
export function referenceUnavailable(): string | null {
  const r = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `python3 cannot import numpy and scipy: ${r.stderr.trim().split('\n').pop()}`;
  return null;
}

/** Writes the design as x.f64 (row-major float64 LE), y.u8 and manifest.json into `dir`; returns the manifest path. */
export function writeDesign(design: Pick<Design, 'n' | 'p' | 'x' | 'y'>, lambda: number, dir: string): string {
  writeFileSync(join(dir, 'x.f64'), new Uint8Array(design.x.buffer, design.x.byteOffset, design.x.byteLength));
  writeFileSync(join(dir, 'y.u8'), new Uint8Array(design.y.buffer, design.y.byteOffset, design.y.byteLength));
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ n: design.n, p: design.p, lambda, x: 'x.f64', y: 'y.u8' }));
  return manifest;
}

/**
 * Fits the design with the reference. `threads` caps the BLAS threads (OpenBLAS/MKL/OpenMP); default: the
 * library's own choice. On a busy machine multi-threaded OpenBLAS can be several times slower than one thread.
 */
export function runReference(manifest: string, method: 'lbfgs' | 'newton' = 'lbfgs', threads?: number): ReferenceFit & { threads: number | 'default' } {
  const env = { ...process.env };
  if (threads !== undefined) {
    for (const k of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) env[k] = String(threads);
  }
  const r = spawnSync('python3', [REFERENCE_SCRIPT, manifest, '--method', method], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20, env });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`the NumPy/SciPy reference failed (exit ${r.status}): ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as ReferenceFit), threads: threads ?? 'default' };
}
