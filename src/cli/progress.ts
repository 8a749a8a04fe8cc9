import cliProgress from 'cli-progress';

/** A progress bar on a terminal; plain periodic lines when output is not a TTY (CI logs). */
export function progressBar(label: string, total: number): { update(done: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(total, 0);
    return { update: (d) => bar.update(d), stop: () => bar.stop() };
  }
  let lastPct = -1;
  return {
    update(done) {
      const pct = Math.floor((done / total) * 10) * 10;
      if (pct !== lastPct) {
        lastPct = pct;
        process.stderr.write(`${label}: ${done}/${total} (${pct}%)\n`);
      }
    },
    stop() {},
  };
}
