// The job queue's public face: enqueue a job (inside the caller's transaction, so the job exists
// exactly when the change that asked for it does), and say which function runs each kind of job.
import type { BaseLogger } from 'pino';
import type { Db } from '../db/database.js';
import { insertJob } from './store.js';

export type Logger = Pick<BaseLogger, 'info' | 'warn' | 'error' | 'debug'>;

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface NewJob {
  /** What to do, like 'cases.escalate'. A worker runs only kinds it has a handler for. */
  kind: string;
  /** Plain JSON: ids and values, never live objects. */
  payload?: Record<string, unknown>;
  /** Not before this; default now (the database's clock). */
  runAt?: Date;
  /** At most one job of this kind with this key waits to run: enqueueing again does nothing. */
  singletonKey?: string;
  /** Tries before it is marked failed; default 5. */
  maxAttempts?: number;
}

/** A claimed job, as its handler sees it. */
export interface RunningJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

export interface JobContext {
  /** Not a transaction: open one for the job's own writes (inTransaction) and keep it short. */
  db: Db;
  logger: Logger;
  /** The worker's clock when the job was claimed. */
  now: Date;
  /** The site's public address (PUBLIC_URL), for links in what a job sends. */
  publicUrl: string;
}

/** Throw to have the job retried later (with backoff) or, after its last attempt, marked failed. */
export type JobHandler = (job: RunningJob, context: JobContext) => Promise<void> | void;

const handlers = new Map<string, JobHandler>();
const recurring = new Map<string, number>();

/**
 * Adds a job, in `db`'s transaction when it is one. Returns the new job's id, or undefined when a
 * job of the same kind and singletonKey is already waiting (so nothing was added).
 */
export async function enqueueJob(db: Db, job: NewJob): Promise<string | undefined> {
  if (!job.kind.trim()) throw new Error('A job needs a kind');
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw new RangeError('maxAttempts must be a whole number from 1 to 100');
  return insertJob(db, { ...job, maxAttempts });
}

/**
 * Says which function runs jobs of `kind`. Registered by kind, so registering again (a second app
 * in tests, a reloaded module) replaces rather than doubles. Returns a function that unregisters it.
 * Register at the top level of a module the app imports, so `start` and `worker` both know it.
 */
export function registerJobHandler(kind: string, handler: JobHandler): () => void {
  handlers.set(kind, handler);
  return () => {
    if (handlers.get(kind) === handler) handlers.delete(kind);
  };
}

/**
 * Runs jobs of `kind` about every `everyMs`. Each worker makes sure one such job is waiting, using
 * a singleton key, so several processes never run it more often; the next run is enqueued in the
 * same transaction that marks the last one done. Needs a handler registered for the same kind.
 */
export function registerRecurringJob(kind: string, everyMs: number): () => void {
  if (!Number.isFinite(everyMs) || everyMs < 1000) throw new RangeError('A recurring job runs at most once a second');
  recurring.set(kind, everyMs);
  return () => {
    if (recurring.get(kind) === everyMs) recurring.delete(kind);
  };
}

export function jobHandler(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}

export function handledKinds(): string[] {
  return [...handlers.keys()];
}

/** How often jobs of `kind` recur, or undefined for a one-off kind. */
export function recurringEvery(kind: string): number | undefined {
  return recurring.get(kind);
}

export function recurringJobs(): [kind: string, everyMs: number][] {
  return [...recurring.entries()];
}

/** The singleton key recurring jobs are enqueued with. */
export const RECURRING_KEY = 'recurring';
