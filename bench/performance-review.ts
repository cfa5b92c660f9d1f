// The quarterly Customer Service Review's figures over a generated council-year (bench/generator),
// on PGlite and on PostgreSQL (a scratch database, charterdesk_bench_perf, created and dropped here).
//   1. Generates the year (BENCH_CONTACTS contacts, BENCH_CASES cases, seed BENCH_SEED) ending at
//      the start of this quarter, bulk-loaded with COPY, then ANALYZE.
//   2. Times buildReviewFigures (every KPI the app registers, over the last complete quarter and
//      the three before it, with the channel-mix trend and the action plan), BENCH_RUNS runs:
//      median and p95. Then each KPI's compute alone, for each quarter and its trend breakdown,
//      every SQL statement timed (a Kysely plugin): the slowest KPI and the single slowest statement,
//      and the ratio of the whole review to it. The slowest statement's plan with BENCH_EXPLAIN=1
//      (or always when it takes over 250 ms), so an index can be added where it is needed.
//   3. The resident's tracking page (GET /track/<secret>, through app.inject) from BENCH_CLIENTS
//      clients at once for a few seconds alone, then while the review is computed: p50 and p99.
//   npx tsx bench/performance-review.ts   (npm run bench:performance; BENCH_CONTACTS=100000 BENCH_CASES=25000 for a quick run)
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, Kysely, PostgresDialect, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import pg from 'pg';
import { createApp, kpiRegistry } from '../src/app.js';
import type { Database, Db } from '../src/platform/db/database.js';
import { openPglite, openPostgres } from '../src/platform/db/database.js';
import type { Schema } from '../src/platform/db/schema.js';
import { periodAt, periodsEndingWith, shiftPeriod, type Period } from '../src/platform/kpi/index.js';
import { buildReviewFigures } from '../src/features/performance/reviews/figures.js';
import { generateCouncilYear, startOfQuarter } from './generator/council-year.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 250_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const TRACK_SECONDS = Number(process.env.BENCH_TRACK_SECONDS ?? 5);
const AIM_MS = { postgres: 2000, pglite: 5000 } as const;
const SCRATCH = 'charterdesk_bench_perf';
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');

const until = startOfQuarter(new Date());
const reviewed: Period = shiftPeriod(periodAt('quarter', until), -1);
const now = new Date(until.getTime() + 3 * 86_400_000);

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
const gib = () => `${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB`;

async function time(runs: number, run: () => Promise<unknown>): Promise<{ median: number; p95: number; all: number[] }> {
  await run(); // warm: plans, caches
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    all.push(performance.now() - start);
  }
  all.sort((a, b) => a - b);
  return { median: percentile(all, 50), p95: percentile(all, 95), all };
}

/** Every SQL statement run through the Db it wraps, with its duration. */
interface Statement { sql: string; parameters: readonly unknown[]; ms: number }
function statementTimer(db: Db): { db: Db; take(): Statement[] } {
  const started = new Map<unknown, { at: number; compiled: CompiledQuery }>();
  let done: Statement[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, { at: performance.now(), compiled: db.getExecutor().compileQuery(args.node, args.queryId) });
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const s = started.get(args.queryId);
      if (s) {
        started.delete(args.queryId);
        done.push({ sql: s.compiled.sql, parameters: s.compiled.parameters, ms: performance.now() - s.at });
      }
      return Promise.resolve(args.result);
    },
  };
  return {
    db: db.withPlugin(plugin),
    take: () => {
      const out = done;
      done = [];
      return out;
    },
  };
}

async function explain(db: Db, statement: Statement): Promise<void> {
  const plan = await db.executeQuery(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, [...statement.parameters]));
  console.log(`    ${statement.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
  console.log(`    parameters: ${JSON.stringify(statement.parameters).slice(0, 300)}`);
  console.log((plan.rows as Record<string, string>[]).map((r) => `      ${Object.values(r)[0]}`).join('\n'));
}

/** Each KPI's compute alone for each quarter (and its trend breakdown): the slowest KPI and statement. */
async function eachKpiAlone(db: Db, periods: readonly Period[]): Promise<{ slowestStatement: Statement; slowestKpi: { code: string; ms: number }; totalMs: number; kpis: number }> {
  const timer = statementTimer(db);
  const kpis = await kpiRegistry.list(db);
  const perKpi: { code: string; ms: number; statement?: Statement }[] = [];
  let slowestStatement: Statement = { sql: '(none)', parameters: [], ms: 0 };
  let totalMs = 0;
  for (const kpi of kpis) {
    let worst = 0;
    let worstStatement: Statement | undefined;
    for (const period of periods) {
      for (const by of kpi.trendBy ? [undefined, kpi.trendBy] : [undefined]) {
        try {
          await kpi.compute(timer.db, period, by); // warm
        } catch (error) {
          console.log(`    ${kpi.code} FAILED for ${period.key}${by ? ` by ${by}` : ''}: ${(error as Error).message}`);
          timer.take();
          continue;
        }
        timer.take();
        const start = performance.now();
        await kpi.compute(timer.db, period, by);
        const took = performance.now() - start;
        totalMs += took;
        worst = Math.max(worst, took);
        for (const s of timer.take()) {
          if (s.ms > slowestStatement.ms) slowestStatement = s;
          if (!worstStatement || s.ms > worstStatement.ms) worstStatement = s;
        }
      }
    }
    perKpi.push({ code: kpi.code, ms: worst, ...(worstStatement && { statement: worstStatement }) });
  }
  perKpi.sort((a, b) => b.ms - a.ms);
  console.log(`  each KPI alone (${kpis.length} KPIs × ${periods.length} quarters, trends too), slowest first:`);
  for (const k of perKpi.slice(0, 8)) console.log(`    ${k.code.padEnd(50)} ${ms(k.ms)}`);
  // The plans of the slowest KPIs' slowest statements, where an index may be wanted.
  for (const k of perKpi.slice(0, 3)) {
    if (k.statement && (process.env.BENCH_EXPLAIN || k.statement.ms > 250)) {
      console.log(`  plan of ${k.code}'s slowest statement (${ms(k.statement.ms)}):`);
      await explain(db, k.statement);
    }
  }
  return { slowestStatement, slowestKpi: perKpi[0] ?? { code: '(no KPIs registered)', ms: 0 }, totalMs, kpis: kpis.length };
}

/** GET the tracking page from `clients` clients at once until `stop` says so: each request's time. */
async function trackingLoad(app: Awaited<ReturnType<typeof createApp>>, url: string, clients: number, stop: () => boolean): Promise<number[] & { failed: number }> {
  const times: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stop()) {
        const start = performance.now();
        const response = await app.inject(url);
        if (response.statusCode === 200) times.push(performance.now() - start);
        else if (failed++ === 0) console.log(`    tracking page answered ${response.statusCode}`);
      }
    }),
  );
  return Object.assign(times.sort((a, b) => a - b), { failed });
}

/**
 * `patient`, on PostgreSQL: a pool of the app's size (10) that waits for a free connection without
 * the app's 5-second limit, to measure the review when the app's own pool gives up.
 */
async function measure(database: Database, url: string | undefined, patient?: Database): Promise<void> {
  const { engine } = database;
  let db = database.db;
  console.log(`${engine}:`);
  const generated = await generateCouncilYear({ db, engine, ...(url ? { url } : {}) }, { contacts: CONTACTS, cases: CASES, seed: SEED, until, log: console.log });
  const rows = Object.values(generated.counts).reduce((a, b) => a + b, 0);
  console.log(`  generated ${rows.toLocaleString('en-GB')} rows in ${generated.seconds.toFixed(1)} s (${Math.round(generated.rowsPerSecond).toLocaleString('en-GB')} rows/s); resident memory ${gib()}`);

  const periods = periodsEndingWith(reviewed, 4);
  try {
    const start = performance.now();
    await buildReviewFigures(db, kpiRegistry, reviewed, now);
    console.log(`  first review on the app's own database settings: ${ms(performance.now() - start)}`);
  } catch (error) {
    // The app's pool gives up on a connection after 5 s; a KPI still being written may fail. Say which.
    console.log(`  buildReviewFigures FAILED on the app's own database settings: ${(error as Error).message}`);
    if (!patient) {
      await eachKpiAlone(db, periods);
      return;
    }
    console.log('  (from here on: a pool of the same size, 10, waiting for a connection without a limit, for the app and the review alike)');
    db = patient.db;
  }
  const review = await time(RUNS, () => buildReviewFigures(db, kpiRegistry, reviewed, now));
  const alone = await eachKpiAlone(db, periods);
  console.log(`  ${RUNS} runs, review of ${reviewed.label} (${periods.map((p) => p.key).join(', ')}), ${alone.kpis} KPIs:`);
  console.log(`    whole review's figures (buildReviewFigures)       median ${ms(review.median)}   p95 ${ms(review.p95)}   ${(review.median / Math.max(alone.slowestStatement.ms, 0.001)).toFixed(1)}× the slowest statement`);
  console.log(`    every KPI computed one after another              total  ${ms(alone.totalMs)}   (the review runs them concurrently: ${(alone.totalMs / review.median).toFixed(2)}× its time)`);
  console.log(`    slowest KPI alone: ${alone.slowestKpi.code.padEnd(30)}        ${ms(alone.slowestKpi.ms)}`);
  console.log(`    slowest single SQL statement                            ${ms(alone.slowestStatement.ms)}`);
  const aim = AIM_MS[engine];
  console.log(`  aim under ${aim / 1000} s on ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${review.median < aim ? 'met' : 'NOT met'} (median ${(review.median / 1000).toFixed(2)} s)`);

  // The resident's tracking page, alone and while the review is computed.
  // A private link's secret is 32 characters of base64url (tracking/service.ts refuses any other shape).
  const secret = createHash('sha256').update(`bench tracking ${SEED}`).digest('base64url').slice(0, 32);
  await sql`UPDATE cases SET tracking_token_hash = ${createHash('sha256').update(secret).digest('hex')}
            WHERE id = (SELECT id FROM cases WHERE status = 'closed' ORDER BY received_at DESC LIMIT 1)`.execute(db);
  const app = await createApp({ db, engine, cookieSecret: 'bench secret that is long enough to sign', sessions: { idleMinutes: 120, maxHours: 12 } });
  await app.ready();
  try {
    const track = `/track/${secret}`;
    await trackingLoad(app, track, 1, (() => { let n = 0; return () => n++ >= 20; })()); // warm
    const quietUntil = performance.now() + TRACK_SECONDS * 1000;
    const quiet = await trackingLoad(app, track, CLIENTS, () => performance.now() > quietUntil);
    let computing = true;
    const reviewsDuring: number[] = [];
    const during = trackingLoad(app, track, CLIENTS, () => !computing);
    const busyUntil = performance.now() + TRACK_SECONDS * 1000;
    while (performance.now() < busyUntil || reviewsDuring.length === 0) {
      const start = performance.now();
      await buildReviewFigures(db, kpiRegistry, reviewed, now);
      reviewsDuring.push(performance.now() - start);
    }
    computing = false;
    const busy = await during;
    const line = (label: string, t: number[] & { failed: number }, seconds: number) =>
      `    ${label.padEnd(44)} ${String(t.length).padStart(6)} answered (${(t.length / seconds).toFixed(0).padStart(4)}/s), ${t.failed} failed   p50 ${ms(percentile(t, 50))}   p99 ${ms(percentile(t, 99))}`;
    const busySeconds = reviewsDuring.reduce((a, b) => a + b, 0) / 1000;
    console.log(`  tracking page (GET /track/<secret>), ${CLIENTS} clients at once:`);
    console.log(line('alone', quiet, TRACK_SECONDS));
    console.log(line(`during ${reviewsDuring.length} review computations`, busy, busySeconds));
    console.log(`    p99 during the review ÷ p99 alone: ${(percentile(busy, 99) / percentile(quiet, 99)).toFixed(1)}; the review meanwhile took median ${ms(percentile([...reviewsDuring].sort((a, b) => a - b), 50))}`);
  } finally {
    await app.close();
  }
  console.log(`  resident memory at the end: ${gib()}`);
}

async function onPostgres(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${SCRATCH}`);
  const url = new URL(serverUrl);
  url.pathname = `/${SCRATCH}`;
  try {
    const database = await openPostgres(url.toString());
    const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
    const patient: Database = { db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres', close: () => Promise.resolve() };
    try {
      await measure(database, url.toString(), patient);
    } finally {
      await patient.db.destroy();
      await database.close();
    }
  } finally {
    // Closed pools' sockets may still be saying goodbye: give them a moment before FORCE.
    for (let waited = 0; waited < 5000; waited += 100) {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [SCRATCH]);
      if (!rows[0]?.n) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
    await admin.end();
  }
}

console.log(`Quarterly review over a generated council-year: ${CONTACTS.toLocaleString('en-GB')} contacts, ${CASES.toLocaleString('en-GB')} cases, seed ${SEED}, year to ${until.toISOString().slice(0, 10)}`);
if (engines.includes('pglite')) {
  const pglite = await openPglite();
  try {
    await measure(pglite, undefined);
  } finally {
    await pglite.close();
  }
}
if (engines.includes('postgres')) await onPostgres(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
