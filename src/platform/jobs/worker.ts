// The worker: looks for due jobs (and other queues, such as the notification outbox) every pollMs,
// runs them, retries failures with exponential backoff and marks a job failed after its last
// attempt. Any number of workers, in any number of processes, can share one database.
import type { Db } from '../db/database.js';
import { handledKinds, jobHandler, RECURRING_KEY, recurringEvery, recurringJobs, type Logger } from './jobs.js';
import { claimJobs, completeJob, deleteDoneJobs, errorText, failJob, insertJob, type JobRow } from './store.js';

/** Another queue the worker drains on each look, with its own table and retry rules. */
export interface Poller {
  /** For the logs. */
  name: string;
  /** Claims and handles what is due; returns how many items it handled. `now` is the worker's clock. */
  run(context: { db: Db; logger: Logger; now: () => Date }): Promise<number>;
}

export interface WorkerOptions {
  db: Db;
  logger: Logger;
  /** The clock; tests pass one they move. */
  now?: () => Date;
  /** How long to wait after a look that found nothing; default 1000 ms. 0: never look by itself (tests call runOnce). */
  pollMs?: number;
  /** How long a claimed job is kept from other workers; default 5 minutes. A job still running then may be run again. */
  leaseMs?: number;
  /** Jobs claimed per look; default 10. */
  batchSize?: number;
  pollers?: Poller[];
  /** The site's public address, passed to jobs for the links they send; default http://localhost:3000. */
  publicUrl?: string;
}

export interface Worker {
  /** One look: runs the due jobs and pollers; returns how many jobs and items it handled. */
  runOnce(): Promise<number>;
  /** Stops looking and waits for the look in progress to finish. */
  stop(): Promise<void>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DONE_JOBS_KEPT_MS = 7 * 24 * HOUR;

/** 30 s after the first failure, doubling each time, at most an hour. */
export function jobRetryDelayMs(failedAttempt: number): number {
  return Math.min(30 * SECOND * 2 ** Math.max(0, failedAttempt - 1), HOUR);
}

export function startWorker(options: WorkerOptions): Worker {
  const { db, logger } = options;
  const clock = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? SECOND;
  const leaseMs = options.leaseMs ?? 5 * MINUTE;
  const batchSize = options.batchSize ?? 10;
  const pollers = options.pollers ?? [];
  const housekeeping = everySoOften(clock);

  async function runJob(job: JobRow, claimedAt: Date): Promise<void> {
    const context = { db, logger, now: claimedAt, publicUrl: options.publicUrl ?? 'http://localhost:3000' };
    const running = { id: job.id, kind: job.kind, payload: job.payload, attempt: job.attempts, maxAttempts: job.maxAttempts };
    try {
      const handler = jobHandler(job.kind);
      if (!handler) throw new Error(`No handler is registered for jobs of kind ${job.kind}`);
      await handler(running, context);
      const every = recurringEvery(job.kind);
      const next = every ? { runAt: new Date(clock().getTime() + every), singletonKey: RECURRING_KEY } : undefined;
      await completeJob(db, job, clock(), next);
    } catch (error) {
      await recordFailure(job, error);
    }
  }

  async function recordFailure(job: JobRow, error: unknown): Promise<void> {
    const now = clock();
    const retryAt = job.attempts < job.maxAttempts ? new Date(now.getTime() + jobRetryDelayMs(job.attempts)) : undefined;
    await failJob(db, job, now, errorText(error), retryAt);
    const detail = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts, error: errorText(error) };
    if (retryAt) logger.warn({ ...detail, retryAt }, 'job failed: it will be tried again');
    else logger.error(detail, 'job failed on its last attempt: marked failed');
  }

  async function runPollers(): Promise<number> {
    let handled = 0;
    for (const poller of pollers) {
      try {
        handled += await poller.run({ db, logger, now: clock });
      } catch (error) {
        logger.error({ poller: poller.name, error: errorText(error) }, 'worker: a queue could not be read');
      }
    }
    return handled;
  }

  async function pass(): Promise<number> {
    const now = clock();
    if (housekeeping.due('recurring', MINUTE)) await ensureRecurringJobs(db, now);
    if (housekeeping.due('prune', HOUR)) await deleteDoneJobs(db, new Date(now.getTime() - DONE_JOBS_KEPT_MS));
    const jobs = await claimJobs(db, { kinds: handledKinds(), now, leaseUntil: new Date(now.getTime() + leaseMs), limit: batchSize });
    for (const job of jobs) await runJob(job, now);
    return jobs.length + (await runPollers());
  }

  // One look at a time per worker, whether from the loop or a caller.
  let current: Promise<number> | undefined;
  async function runOnce(): Promise<number> {
    while (current) await current.catch(() => 0);
    current = pass();
    try {
      return await current;
    } finally {
      current = undefined;
    }
  }

  const loop = startLoop({ pollMs, logger, runOnce });
  return {
    runOnce,
    stop: async () => {
      loop.stop();
      await current?.catch(() => 0);
    },
  };
}

/** Makes sure one run of each recurring kind with a handler is waiting; a no-op when one is. */
async function ensureRecurringJobs(db: Db, now: Date): Promise<void> {
  const handled = new Set(handledKinds());
  for (const [kind] of recurringJobs()) {
    if (handled.has(kind)) await insertJob(db, { kind, runAt: now, singletonKey: RECURRING_KEY, maxAttempts: 5 });
  }
}

/** Remembers when each named chore last ran, by the worker's clock. */
function everySoOften(clock: () => Date) {
  const last = new Map<string, number>();
  return {
    due(name: string, everyMs: number): boolean {
      const now = clock().getTime();
      const previous = last.get(name);
      if (previous !== undefined && now - previous < everyMs && now >= previous) return false;
      last.set(name, now);
      return true;
    },
  };
}

/** Looks again at once after a look that found work, after pollMs otherwise, and backs off while the database fails. */
function startLoop(options: { pollMs: number; logger: Logger; runOnce: () => Promise<number> }): { stop(): void } {
  let stopped = options.pollMs <= 0;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  const tick = async () => {
    let handled = 0;
    try {
      handled = await options.runOnce();
      failures = 0;
    } catch (error) {
      failures++;
      options.logger.error({ error: errorText(error), failures }, 'worker: could not look for jobs; trying again shortly');
    }
    if (stopped) return;
    const delay = failures ? Math.min(options.pollMs * 2 ** failures, MINUTE) : handled > 0 ? 0 : options.pollMs;
    timer = setTimeout(() => void tick(), delay);
  };
  if (!stopped) timer = setTimeout(() => void tick(), 0);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
