// `npm run resilience:postgres`: restarts the whole PostgreSQL server under load and checks that
// every CharterDesk process recovers by itself. Two web processes and a worker run on a scratch
// database; cases are posted through the JSON API before, during and after the restart. Then:
// the processes are alive and healthy, every case acknowledged with 201 is saved, each of those
// cases' notifications is delivered, and the job queue runs. Prints a summary; exits 1 on a failure.
//
// It restarts the server with pg_ctlcluster, so it needs a local Debian-style cluster it may
// restart (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), and it is not
// part of `npm test`: a restart would break other test files running at the same time.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createScratchDatabase } from '../support/postgres.js';
import { startServer } from '../support/process.js';
import { createCaseWriterKey, missingCases, sleep, startLoad, waitForHealthy, withClient } from '../support/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[${elapsed().padStart(7)}] ${line}`);

const results: { check: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail = ''): void {
  results.push({ check: name, ok, detail });
  say(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

/** `npm run cli -- worker` as a child process; resolves once it says it has started. */
function startWorkerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const { PATH, HOME, TMPDIR } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], { cwd: root, env: { PATH, HOME, TMPDIR, LOG_LEVEL: 'info', ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('worker started')) resolve({ child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
  });
}

/** Waits (up to a minute) until no other test database is in use, so the restart does not break someone's test run. */
async function waitForQuietServer(ours: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 1000) {
    const busy = await withClient(adminUrl, async (c) => (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname LIKE 'charterdesk_test_%' AND datname <> $1", [ours])).rows[0]!.n);
    if (!busy) return;
    if (waited === 0) say(`waiting for ${busy} connection(s) of other test runs to finish before restarting the server`);
    await sleep(1000);
  }
  say('other test runs are still connected: restarting anyway');
}

/** Restarts the server without blocking this process, so the load goes on during the restart. */
async function restartPostgres(): Promise<number> {
  const version = fs.readdirSync('/etc/postgresql')[0]!;
  const at = Date.now();
  await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
  return Date.now() - at;
}

/** Polls fn until it returns true or timeoutMs passes; returns the time taken, or undefined. */
async function eventually(fn: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const at = Date.now();
  while (Date.now() - at < timeoutMs) {
    if (await fn().catch(() => false)) return Date.now() - at;
    await sleep(500);
  }
  return undefined;
}

async function undelivered(databaseUrl: string, references: string[]): Promise<Record<string, number>> {
  const { rows } = await withClient(databaseUrl, (c) =>
    c.query<{ status: string; n: number }>(
      `SELECT n.status, count(*)::int AS n FROM notification n JOIN cases c ON c.id = n.case_id
       WHERE c.reference = ANY($1) GROUP BY n.status`,
      [references],
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase(adminUrl);
  const databaseName = new URL(scratch.url).pathname.slice(1);
  const processes: { name: string; child: ChildProcess; output: () => string }[] = [];
  try {
    const env = { DATABASE_URL: scratch.url, NOTIFICATIONS: 'log', WORKER: '0' };
    const key = await createCaseWriterKey(env);
    // Started together, as a deployment does; whichever started is stopped at the end even if another failed.
    const [ra, rb, rw] = await Promise.allSettled([startServer(env), startServer(env), startWorkerProcess(env)]);
    for (const [name, r] of [['web 1', ra], ['web 2', rb], ['worker', rw]] as const) if (r.status === 'fulfilled') processes.push({ name, ...r.value });
    if (ra.status === 'rejected' || rb.status === 'rejected' || rw.status === 'rejected') {
      throw ([ra, rb, rw].find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
    }
    const [a, b, worker] = [ra.value, rb.value, rw.value];
    say(`two web processes (${a.url}, ${b.url}) and a worker on ${databaseName}`);

    const load = startLoad({ urls: [a.url, b.url], key, concurrency: 4 });
    await sleep(2000);
    await waitForQuietServer(databaseName);
    const serverStartedAt = () => withClient(adminUrl, async (c) => String((await c.query<{ t: Date }>('SELECT pg_postmaster_start_time() AS t')).rows[0]!.t.toISOString()));
    const before = { acknowledged: load.result.acknowledged.length, serverStarted: await serverStartedAt() };
    say(`restarting PostgreSQL under load (${before.acknowledged} cases acknowledged so far)`);
    const restartMs = await restartPostgres();
    const duringRestart = load.result.acknowledged.length - before.acknowledged;
    say(`PostgreSQL restarted in ${restartMs} ms; load continues`);
    await sleep(4000);
    const result = await load.stop();
    const after = result.acknowledged.length - before.acknowledged - duringRestart;
    say(`load: ${result.acknowledged.length} cases acknowledged (${before.acknowledged} before, ${duringRestart} during, ${after} after the restart); answers by status ${JSON.stringify(result.statuses)}; slowest answer ${result.slowestMs} ms`);
    check('the whole server restarted', (await serverStartedAt()) !== before.serverStarted);

    for (const p of processes) check(`${p.name} is still running`, p.child.exitCode === null && p.child.signalCode === null, p.child.exitCode === null ? '' : p.output().slice(-2000));
    for (const [name, server] of [['web 1', a], ['web 2', b]] as const) {
      const ms = await waitForHealthy(server.url, 30_000).catch(() => undefined);
      check(`${name} /health is 200 again`, ms !== undefined, ms === undefined ? 'not within 30 s' : `${ms} ms after the load stopped`);
    }
    check('every answer was a saved case (201) or the app’s own 503; no crash, hang or 500', result.failures.length === 0, result.failures.slice(0, 5).join('; '));
    check('cases were acknowledged before and after the restart', before.acknowledged > 0 && after > 0, `${before.acknowledged} before, ${after} after`);
    const missing = await missingCases(scratch.url, result.acknowledged);
    check('every acknowledged case is in the database', missing.length === 0, missing.length ? `missing ${missing.join(', ')}` : `${result.acknowledged.length} of ${result.acknowledged.length}`);

    // A notification claimed when the server went down stays leased for its 2 minutes, then is sent again.
    const deliveredIn = await eventually(async () => {
      const states = await undelivered(scratch.url, result.acknowledged);
      return !!states.sent && Object.keys(states).every((s) => s === 'sent');
    }, 180_000);
    const states = await undelivered(scratch.url, result.acknowledged);
    check('every acknowledged case’s notification is delivered by the worker', deliveredIn !== undefined, `${JSON.stringify(states)}${deliveredIn === undefined ? '' : ` after ${(deliveredIn / 1000).toFixed(1)} s`}`);

    const jobId = await withClient(scratch.url, async (c) => (await c.query<{ id: string }>("INSERT INTO job (kind, run_at) VALUES ('cases.escalate', now()) RETURNING id")).rows[0]!.id);
    const ranIn = await eventually(async () => withClient(scratch.url, async (c) => (await c.query('SELECT 1 FROM job WHERE id = $1 AND done_at IS NOT NULL', [jobId])).rowCount === 1), 90_000);
    check('a job queued after the restart runs', ranIn !== undefined, ranIn === undefined ? 'not done within 90 s' : `done in ${(ranIn / 1000).toFixed(1)} s`);

    const codes = await Promise.all([a.stop(), b.stop(), new Promise<number | null>((resolve) => worker.child.once('close', resolve).kill('SIGTERM'))]);
    check('all three processes stop cleanly on SIGTERM', codes.every((c) => c === 0), JSON.stringify(codes));
  } finally {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await scratch.drop().catch((error: unknown) => say(`could not drop ${databaseName}: ${(error as Error).message}`));
  }
}

main()
  .catch((error: unknown) => check('the run completed', false, (error as Error).stack ?? String(error)))
  .finally(() => {
    const failed = results.filter((r) => !r.ok);
    console.log(`\nPostgreSQL restart resilience: ${results.length - failed.length} of ${results.length} checks passed in ${elapsed()}.`);
    process.exit(failed.length ? 1 : 0);
  });
