import type { EvaluationService } from './service.ts';

export interface EvaluationSchedulerOptions {
  evaluation: Pick<EvaluationService, 'lastCompletedRun' | 'startRun'>;
  /** hour of the day (Asia/Shanghai, UTC+8) from which the nightly run may start (default 2) */
  hour?: number;
  /** how often to look (default every 10 minutes) */
  checkEveryMs?: number;
  /** delay of the first look after start() (default one minute) */
  firstCheckAfterMs?: number;
  clock?: () => number;
  onError: (err: unknown) => void;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant and its hour. */
function cstDay(ms: number): { day: string; hour: number } {
  const d = new Date(ms + CST_OFFSET_MS);
  return { day: d.toISOString().slice(0, 10), hour: d.getUTCHours() };
}

/**
 * The nightly full-coverage evaluation in the server process: it looks every few minutes and starts a run once per
 * day after `hour` unless a completed run already started that day (so restarts and sleeping machines are safe).
 */
export function createEvaluationScheduler(opts: EvaluationSchedulerOptions) {
  const clock = opts.clock ?? Date.now;
  const hour = opts.hour ?? 2;
  let timer: NodeJS.Timeout | null = null;

  async function tick(): Promise<string | null> {
    const now = cstDay(clock());
    if (now.hour < hour) return null;
    const last = await opts.evaluation.lastCompletedRun();
    if (last && cstDay(last.started_at.getTime()).day === now.day) return null;
    return opts.evaluation.startRun('schedule', undefined, opts.onError);
  }

  return {
    start(): void {
      if (timer) return;
      const schedule = (ms: number) => {
        timer = setTimeout(() => {
          tick().catch((err: unknown) => {
            // A run already in progress (an operator started one) is not a failure: the next look tries again.
            if ((err as { code?: string }).code !== 'EVALUATION_RUN_IN_PROGRESS') opts.onError(err);
          }).finally(() => {
            if (timer) schedule(opts.checkEveryMs ?? 600_000);
          });
        }, ms);
        timer.unref();
      };
      schedule(opts.firstCheckAfterMs ?? 60_000);
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    tick,
  };
}

export type EvaluationScheduler = ReturnType<typeof createEvaluationScheduler>;
