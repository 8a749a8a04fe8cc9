import type { QualityService } from './service.ts';

export interface QualitySchedulerOptions {
  quality: Pick<QualityService, 'hasTodaysSnapshot' | 'takeSnapshot'>;
  /** how often to look whether today's snapshot exists (default hourly) */
  checkEveryMs?: number;
  /** delay of the first look after start() (default one minute, so start-up and tests are not disturbed) */
  firstCheckAfterMs?: number;
  /** where a failed snapshot is reported (the server log); the next look tries again */
  onError: (err: unknown) => void;
}

/**
 * The daily quality snapshot in the server process: every `checkEveryMs` it takes today's snapshot unless one exists.
 * Looking often and acting once per day survives restarts and sleeping laptops; snapshots are idempotent per day anyway.
 */
export function createQualityScheduler(opts: QualitySchedulerOptions) {
  const every = opts.checkEveryMs ?? 3_600_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function tick(): Promise<void> {
    if (running) return running;
    running = (async () => {
      try {
        if (!(await opts.quality.hasTodaysSnapshot())) await opts.quality.takeSnapshot();
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
            if (timer) schedule(every);
          });
        }, ms);
        timer.unref();
      };
      schedule(opts.firstCheckAfterMs ?? 60_000);
    },
    /** Stops the timer and waits for a snapshot in progress. */
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
    /** One look now (tests, the CLI). */
    tick,
  };
}

export type QualityScheduler = ReturnType<typeof createQualityScheduler>;
