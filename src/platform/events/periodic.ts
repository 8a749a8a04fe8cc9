/**
 * A job the server process runs every `everyMs` (quality snapshots, audit checkpoints, consent sweeps …): one run at
 * a time, failures reported and retried at the next turn, the timer never keeps the process alive, and `stop()`
 * waits for a run in progress. Jobs look often and act only when there is something to do, so restarts are safe.
 */
export interface PeriodicJobOptions {
  everyMs: number;
  /** delay of the first run after start() (default: everyMs) */
  firstAfterMs?: number;
  run: () => Promise<void>;
  /** where a failed run is reported (the server log) */
  onError: (err: unknown) => void;
}

export interface PeriodicJob {
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
  /** One run now (tests, the CLI); joins a run in progress instead of starting a second. */
  tick(): Promise<void>;
}

export function createPeriodicJob(opts: PeriodicJobOptions): PeriodicJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  function tick(): Promise<void> {
    if (running) return running;
    running = (async () => {
      try {
        await opts.run();
      } catch (err) {
        opts.onError(err);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    start(): void {
      if (timer) return;
      const schedule = (ms: number) => {
        timer = setTimeout(() => {
          void tick().finally(() => {
            if (timer) schedule(opts.everyMs);
          });
        }, ms);
        timer.unref();
      };
      schedule(opts.firstAfterMs ?? opts.everyMs);
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
    tick,
  };
}
