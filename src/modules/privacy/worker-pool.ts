import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerTasks } from './worker-tasks.ts';

/**
 * A small pool of worker threads for the PSI and Paillier bulk work, so the HTTP thread stays responsive and both
 * cores of the reference machine are used. Tasks are queued and handed to the next idle worker.
 */
export interface WorkerPool {
  run<K extends keyof WorkerTasks>(task: K, input: WorkerTasks[K]['in']): Promise<WorkerTasks[K]['out']>;
  readonly size: number;
  close(): Promise<void>;
}

interface Pending { id: number; task: string; input: unknown; resolve: (v: unknown) => void; reject: (e: Error) => void }

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export function createWorkerPool(size = Math.max(1, Math.min(4, availableParallelism()))): WorkerPool {
  const workers: { worker: Worker; busy: Pending | null }[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const dispatch = () => {
    for (const slot of workers) {
      if (slot.busy || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input });
    }
  };

  const spawn = () => {
    const worker = new Worker(ENTRY);
    worker.unref();
    const slot = { worker, busy: null as Pending | null };
    worker.on('message', (msg: { id: number; ok: boolean; out?: unknown; error?: string }) => {
      const job = slot.busy;
      slot.busy = null;
      if (job && job.id === msg.id) {
        if (msg.ok) job.resolve(msg.out);
        else job.reject(new Error(msg.error));
      }
      dispatch();
    });
    worker.on('error', (err) => {
      const job = slot.busy;
      slot.busy = null;
      if (job) job.reject(err);
      // Replace a dead worker so the pool keeps its size.
      const i = workers.indexOf(slot);
      if (i >= 0) workers.splice(i, 1);
      if (!closed) spawn();
      dispatch();
    });
    workers.push(slot);
  };

  for (let i = 0; i < size; i++) spawn();

  return {
    size,
    run(task, input) {
      if (closed) return Promise.reject(new Error('worker pool closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, task, input, resolve: resolve as (v: unknown) => void, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('worker pool closed'));
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/** Splits work into about `parts` slices for the pool. */
export function slices<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / Math.max(1, parts)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
