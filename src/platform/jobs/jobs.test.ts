// The job queue on both engines: jobs enqueued in a transaction live and die with it, run once when
// due, retry with backoff, fail visibly after their last attempt, survive a crashed worker through
// the lease, recur without duplicates, and two workers on PostgreSQL never run the same job twice.
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import { openPostgres, type Db } from '../db/database.js';
import { enqueueJob, registerJobHandler, registerRecurringJob, type RunningJob } from './jobs.js';
import { claimJobs } from './store.js';
import { jobRetryDelayMs, startWorker } from './worker.js';

const logger = pino({ level: 'silent' });
const start = new Date('2026-03-02T09:00:00Z');
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

/** Registers a handler for this test only; returns what it saw. */
function handle(kind: string, run: (job: RunningJob) => Promise<void> | void = () => undefined): RunningJob[] {
  const seen: RunningJob[] = [];
  cleanups.push(
    registerJobHandler(kind, async (job) => {
      seen.push(job);
      await run(job);
    }),
  );
  return seen;
}

function clockAt(at: Date) {
  const clock = { now: at, now_: () => clock.now };
  return clock;
}

async function jobRow(db: Db, kind: string) {
  return db.selectFrom('job').selectAll().where('kind', '=', kind).orderBy('id').execute();
}

it('backs off 30 s, 1, 2, 4 minutes... and never more than an hour', () => {
  expect([1, 2, 3, 4, 5, 12].map(jobRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 3_600_000]);
});

forEachEngine('Job queue', (use, engine) => {
  it('a job enqueued in a transaction that is rolled back never exists', async () => {
    const { db } = use();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { kind: 'test.rollback', runAt: start });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobRow(db, 'test.rollback')).toEqual([]);
  });

  it('runs a due job once with its payload, and a future one only when it is due', async () => {
    const { db } = use();
    const seen = handle('test.once');
    await enqueueJob(db, { kind: 'test.once', payload: { caseId: 'abc', count: 2 }, runAt: start });
    const futureId = await enqueueJob(db, { kind: 'test.once', payload: { n: 'later' }, runAt: later(start, 60_000) });
    const clock = clockAt(start);
    const worker = startWorker({ db, logger, now: clock.now_, pollMs: 0 });
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ kind: 'test.once', payload: { caseId: 'abc', count: 2 }, attempt: 1, maxAttempts: 5 })]);
    clock.now = later(start, 60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(seen[1]?.id).toBe(futureId);
    const rows = await jobRow(db, 'test.once');
    expect(rows.map((r) => [r.attempts, r.done_at?.toISOString(), r.locked_until, r.failed_at])).toEqual([
      [1, start.toISOString(), null, null],
      [1, later(start, 60_000).toISOString(), null, null],
    ]);
    await worker.stop();
  });

  it('enqueues a job with a singleton key once while it waits, and again once it has run', async () => {
    const { db } = use();
    handle('test.single');
    const first = await enqueueJob(db, { kind: 'test.single', singletonKey: 'case-1', runAt: start });
    expect(first).toMatch(/^\d+$/);
    expect(await enqueueJob(db, { kind: 'test.single', singletonKey: 'case-1', runAt: start })).toBeUndefined();
    // The key is per kind, and a different key is a different job.
    expect(await enqueueJob(db, { kind: 'test.single', singletonKey: 'case-2', runAt: start })).toBeDefined();
    expect(await jobRow(db, 'test.single')).toHaveLength(2);
    await startWorker({ db, logger, now: () => start, pollMs: 0 }).runOnce();
    expect(await enqueueJob(db, { kind: 'test.single', singletonKey: 'case-1', runAt: start })).toBeDefined();
  });

  it('claims only kinds this process has a handler for', async () => {
    const { db } = use();
    await enqueueJob(db, { kind: 'test.nobody-handles-this', runAt: start });
    expect(await startWorker({ db, logger, now: () => start, pollMs: 0 }).runOnce()).toBe(0);
    expect(await jobRow(db, 'test.nobody-handles-this')).toEqual([expect.objectContaining({ attempts: 0, locked_until: null })]);
  });

  it('retries a failing job with backoff, keeping the error, and marks it failed after its last attempt', async () => {
    const { db } = use();
    const seen = handle('test.flaky', (job) => {
      throw new Error(`printer on fire (try ${job.attempt})`);
    });
    const id = await enqueueJob(db, { kind: 'test.flaky', runAt: start, maxAttempts: 3 });
    const clock = clockAt(start);
    const worker = startWorker({ db, logger, now: clock.now_, pollMs: 0 });
    await worker.runOnce();
    let [row] = await jobRow(db, 'test.flaky');
    expect(row).toMatchObject({ id, attempts: 1, last_error: 'printer on fire (try 1)', locked_until: null, failed_at: null, done_at: null });
    expect(row?.run_at).toEqual(later(start, 30_000));
    // Not before it is due again.
    clock.now = later(start, 29_000);
    expect(await worker.runOnce()).toBe(0);
    clock.now = later(start, 30_000);
    await worker.runOnce();
    [row] = await jobRow(db, 'test.flaky');
    expect(row?.run_at).toEqual(later(clock.now, 60_000));
    clock.now = later(clock.now, 60_000);
    await worker.runOnce();
    [row] = await jobRow(db, 'test.flaky');
    expect(row).toMatchObject({ attempts: 3, last_error: 'printer on fire (try 3)', failed_at: clock.now, done_at: null });
    // Failed for good: never run again, and not lost either.
    clock.now = later(clock.now, 24 * 3_600_000);
    expect(await worker.runOnce()).toBe(0);
    expect(seen.map((j) => j.attempt)).toEqual([1, 2, 3]);
  });

  it('runs again a job whose worker died, once its lease has run out', async () => {
    const { db } = use();
    const seen = handle('test.orphan');
    await enqueueJob(db, { kind: 'test.orphan', runAt: start, maxAttempts: 2 });
    // A worker claims it, then its process dies before finishing.
    const [claimed] = await claimJobs(db, { kinds: ['test.orphan'], now: start, leaseUntil: later(start, 300_000), limit: 1 });
    expect(claimed?.attempts).toBe(1);
    const clock = clockAt(later(start, 60_000));
    const worker = startWorker({ db, logger, now: clock.now_, pollMs: 0, leaseMs: 300_000 });
    expect(await worker.runOnce()).toBe(0);
    clock.now = later(start, 300_000);
    expect(await worker.runOnce()).toBe(1);
    expect(seen.map((j) => j.attempt)).toEqual([2]);
    expect(await jobRow(db, 'test.orphan')).toEqual([expect.objectContaining({ attempts: 2, done_at: clock.now })]);
  });

  it('marks failed, with a reason, a job whose worker died during its last attempt', async () => {
    const { db } = use();
    const seen = handle('test.doomed');
    await enqueueJob(db, { kind: 'test.doomed', runAt: start, maxAttempts: 1 });
    await claimJobs(db, { kinds: ['test.doomed'], now: start, leaseUntil: later(start, 1000), limit: 1 });
    const at = later(start, 2000);
    expect(await startWorker({ db, logger, now: () => at, pollMs: 0 }).runOnce()).toBe(0);
    expect(seen).toEqual([]);
    expect(await jobRow(db, 'test.doomed')).toEqual([
      expect.objectContaining({ attempts: 1, failed_at: at, last_error: 'The process running its last attempt stopped before it finished' }),
    ]);
  });

  it('runs a recurring job about every interval, with one waiting at a time whatever the number of workers', async () => {
    const { db } = use();
    const seen = handle('test.tick');
    cleanups.push(registerRecurringJob('test.tick', 3_600_000));
    const clock = clockAt(start);
    const workers = [startWorker({ db, logger, now: clock.now_, pollMs: 0 }), startWorker({ db, logger, now: clock.now_, pollMs: 0 })];
    await Promise.all(workers.map((w) => w.runOnce()));
    await Promise.all(workers.map((w) => w.runOnce()));
    expect(seen).toHaveLength(1);
    const waiting = async () => (await jobRow(db, 'test.tick')).filter((r) => !r.done_at && !r.failed_at);
    expect((await waiting()).map((r) => r.run_at)).toEqual([later(start, 3_600_000)]);
    clock.now = later(start, 3_600_000);
    await Promise.all(workers.map((w) => w.runOnce()));
    expect(seen).toHaveLength(2);
    expect((await waiting()).map((r) => r.run_at)).toEqual([later(start, 7_200_000)]);
  });

  it('a started worker finds new jobs by itself and stops cleanly', async () => {
    const { db } = use();
    let resolveSeen: (job: RunningJob) => void = () => undefined;
    const seenOne = new Promise<RunningJob>((resolve) => (resolveSeen = resolve));
    handle('test.polled', (job) => resolveSeen(job));
    const worker = startWorker({ db, logger, now: () => later(start, 1000), pollMs: 20 });
    await enqueueJob(db, { kind: 'test.polled', payload: { hello: 'world' }, runAt: start });
    expect((await seenOne).payload).toEqual({ hello: 'world' });
    await worker.stop();
    await expect.poll(async () => (await jobRow(db, 'test.polled'))[0]?.done_at).toBeTruthy();
  });

  it.skipIf(engine !== 'postgres')('two workers on their own connections never run the same job twice', async () => {
    const { db, url } = use();
    const seen = handle('test.shared', () => new Promise((resolve) => setTimeout(resolve, 5)));
    for (let n = 0; n < 30; n++) await enqueueJob(db, { kind: 'test.shared', payload: { n }, runAt: start });
    const processes = await Promise.all([openPostgres(url ?? '', 3), openPostgres(url ?? '', 3)]);
    try {
      const workers = processes.map((p) => startWorker({ db: p.db, logger, now: () => start, pollMs: 0, batchSize: 3 }));
      const counts = [0, 0];
      for (let round = 0; round < 20; round++) {
        const done = await Promise.all(workers.map((w) => w.runOnce()));
        done.forEach((n, i) => (counts[i] = (counts[i] ?? 0) + n));
        if (done.every((n) => n === 0)) break;
      }
      expect(seen.map((j) => j.payload.n).sort((a, b) => Number(a) - Number(b))).toEqual([...Array(30).keys()]);
      expect(counts.every((n) => n > 0)).toBe(true);
      expect((await jobRow(db, 'test.shared')).every((r) => r.attempts === 1 && r.done_at)).toBe(true);
    } finally {
      await Promise.all(processes.map((p) => p.close()));
    }
  });
});
