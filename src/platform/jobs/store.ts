// SQL for the job table. Claiming uses FOR UPDATE SKIP LOCKED inside a short transaction, then a
// lease (locked_until) instead of a held lock, so a job runs outside any transaction and a job
// whose process died is claimed again once its lease runs out.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

const MAX_ERROR_LENGTH = 2000;

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

export async function insertJob(
  db: Db,
  job: { kind: string; payload?: Record<string, unknown>; runAt?: Date; singletonKey?: string; maxAttempts: number },
): Promise<string | undefined> {
  const row = await db
    .insertInto('job')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      ...(job.runAt ? { run_at: job.runAt } : {}),
      singleton_key: job.singletonKey ?? null,
      max_attempts: job.maxAttempts,
    })
    // The conflict target names the partial unique index by its columns and predicate.
    .onConflict((oc) =>
      oc.columns(['kind', 'singleton_key']).where('singleton_key', 'is not', null).where('done_at', 'is', null).where('failed_at', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Claims up to `limit` due jobs of the given kinds: each gets a lease until `leaseUntil` and one
 * more attempt. A job found with no attempts left (its process died during the last one) is marked
 * failed instead of being run again.
 */
export async function claimJobs(db: Db, options: { kinds: string[]; now: Date; leaseUntil: Date; limit: number }): Promise<JobRow[]> {
  if (!options.kinds.length) return [];
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('job')
      .select(['id', 'attempts', 'max_attempts'])
      .where('kind', 'in', options.kinds)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('run_at', '<=', options.now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', options.now)]))
      .orderBy('run_at')
      .orderBy('id')
      .limit(options.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    const exhausted = due.filter((j) => j.attempts >= j.max_attempts).map((j) => j.id);
    const runnable = due.filter((j) => j.attempts < j.max_attempts).map((j) => j.id);
    if (exhausted.length) await markAbandoned(trx, exhausted, options.now);
    if (!runnable.length) return [];
    const rows = await trx
      .updateTable('job')
      .set({ locked_until: options.leaseUntil, attempts: sql`attempts + 1` })
      .where('id', 'in', runnable)
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts'])
      .execute();
    return rows
      .map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }))
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  });
}

async function markAbandoned(db: Db, ids: string[], now: Date): Promise<void> {
  await db
    .updateTable('job')
    .set({ failed_at: now, locked_until: null, last_error: sql`'The process running its last attempt stopped before it finished' || coalesce(' (earlier: ' || last_error || ')', '')` })
    .where('id', 'in', ids)
    .execute();
}

/** Only the worker holding the attempt may settle it: a later attempt may have taken the job over. */
const heldBy = (job: JobRow) => ({ id: job.id, attempts: job.attempts });

/** Marks the job done; for a recurring kind, enqueues its next run in the same transaction. */
export async function completeJob(db: Db, job: JobRow, now: Date, next?: { runAt: Date; singletonKey: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { id, attempts } = heldBy(job);
    const result = await trx
      .updateTable('job')
      .set({ done_at: now, locked_until: null })
      .where('id', '=', id)
      .where('attempts', '=', attempts)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirst();
    if (next) await insertJob(trx, { kind: job.kind, runAt: next.runAt, singletonKey: next.singletonKey, maxAttempts: job.maxAttempts });
    return result.numUpdatedRows > 0n;
  });
}

/** Schedules another attempt at `retryAt`, or (without one) marks the job failed; keeps the error. */
export async function failJob(db: Db, job: JobRow, now: Date, error: string, retryAt: Date | undefined): Promise<void> {
  const { id, attempts } = heldBy(job);
  await db
    .updateTable('job')
    .set(retryAt ? { run_at: retryAt, locked_until: null, last_error: error } : { failed_at: now, locked_until: null, last_error: error })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .execute();
}

/** Deletes jobs done before `before`; failed jobs are kept for people to look at. */
export async function deleteDoneJobs(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('job').where('done_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface JobSummary {
  id: string;
  kind: string;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  failedAt: Date | null;
  doneAt: Date | null;
}

/** Jobs by id or the latest failed ones: for people and tests. */
export async function selectJobs(db: Db, filter: { id?: string; failed?: boolean; limit?: number } = {}): Promise<JobSummary[]> {
  let query = db.selectFrom('job').selectAll().orderBy('id', 'desc').limit(filter.limit ?? 100);
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.failed) query = query.where('failed_at', 'is not', null);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: r.run_at,
    lastError: r.last_error,
    failedAt: r.failed_at,
    doneAt: r.done_at,
  }));
}
