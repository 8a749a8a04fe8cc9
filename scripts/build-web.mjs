#!/usr/bin/env node
// Builds the portals (web/dist) with Vite when they are missing or older than any source under web/.
// Runs as `npm postinstall` and before `npm start`; a no-op when the build is current.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'web');
const distDir = join(webDir, 'dist');
const builtIndex = join(distDir, 'index.html');
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const SKIPPED_DIRS = new Set([distDir, join(webDir, 'node_modules')]);

/** The newest file under `dir` (skipping the build output), as { path, mtimeMs }. */
function newestSource(dir) {
  let newest = { path: null, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(path)) continue;
      const inner = newestSource(path);
      if (inner.mtimeMs > newest.mtimeMs) newest = inner;
    } else if (entry.isFile()) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}

function reasonToBuild() {
  if (!existsSync(builtIndex)) return `${relative(root, builtIndex)} is missing`;
  const builtAt = statSync(builtIndex).mtimeMs;
  const newest = newestSource(webDir);
  if (newest.mtimeMs > builtAt) return `${relative(root, newest.path)} is newer than the build`;
  return null;
}

const reason = reasonToBuild();
if (reason === null) {
  console.log('build-web: web/dist is up to date, nothing to do');
  process.exit(0);
}

if (!existsSync(viteBin)) {
  console.error(
    `build-web: ${reason}, but Vite is not installed (${relative(root, viteBin)}).\n` +
      'build-web: install the dev dependencies (npm install / npm ci without --omit=dev) to build the portals.',
  );
  process.exit(1);
}

console.log(`build-web: ${reason}; running vite build --config web/vite.config.ts`);
const started = Date.now();
// Always a production build: callers such as Vitest set NODE_ENV=test, which would otherwise make Vite bundle
// React's development build.
const result = spawnSync(process.execPath, [viteBin, 'build', '--config', join('web', 'vite.config.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
if (result.error) {
  console.error(`build-web: could not start Vite: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`build-web: vite build failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
console.log(`build-web: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
