import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's chromium package; `.ci/run` installs it (with fonts-wqy-microhei so Chinese renders). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasBrowser: boolean = existsSync(CHROMIUM_PATH);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A headless Chromium, or `null` on a machine without one. */
export async function launchBrowser(): Promise<Browser | null> {
  if (!hasBrowser) return null;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** `CI` counts as set unless empty, "0" or "false". */
function runningInCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * `describe` for browser journeys. Without Chromium, registers a single test instead: on a developer machine it
 * passes and says loudly that the browser tests did not run; in CI it fails, because CI must run them.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (hasBrowser) {
    describe(name, fn);
    return;
  }
  describe(name, () => {
    it('needs Chromium to run its browser tests', () => {
      const message = `Chromium not found at ${CHROMIUM_PATH}: browser tests not run`;
      if (runningInCi()) throw new Error(`${message} — CI is set, and CI must run the browser tests`);
      console.warn(`\n⚠ ${message} (${name})\n`);
    });
  });
}
