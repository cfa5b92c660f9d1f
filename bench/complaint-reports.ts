// The statutory complaints reports over 20,000 complaints, on PGlite and on PostgreSQL (a scratch
// database on BENCH_DATABASE_URL, TEST_DATABASE_URL, DATABASE_URL or the local server, created and
// dropped here), each on a fresh migrated database.
//   1. A Scottish council adopts the SPSO procedure through the service (its standards and request
//      type), then 20,000 complaints over two years are loaded straight into the tables with
//      INSERT … SELECT generate_series: cases, complaints, stages (10% straight to stage 2, 20%
//      escalated), responses (one in seven still open), three clocks each (one in nine extended,
//      some missed) and an Ombudsman referral for one in fifty; then ANALYZE (the local PostgreSQL
//      runs with autovacuum off: without it the planner works blind).
//   2. Times the SPSO indicators and the England report for the last financial year (about 10,000
//      complaints), several runs each: median and p95; and, alone in the same process, the single
//      slowest query they run (the complaints of the period with their stages, responses and
//      clocks), to print the ratio of each report to it.
//   npx tsx bench/complaint-reports.ts         (BENCH_COMPLAINTS=5000 BENCH_RUNS=5 for a quick run)
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import type { Database, Db } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { setUpCouncil } from '../src/features/council/service.js';
import { adoptProcedure } from '../src/features/complaints/service.js';
import { buildReport, windowOf } from '../src/features/complaints/reports/service.js';
import { selectStageRows, stageRowsQuery } from '../src/features/complaints/reports/store.js';
import type { Period } from '../src/features/complaints/reports/model.js';
import { onEachEngine } from './engines.js';

const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const AIM_MS = 500; // the aim, on PostgreSQL
const YEAR: Period = { from: '2025-04-01', to: '2026-03-31' };
const admin = { type: 'system' as const, label: 'bench' };

async function load(db: Db): Promise<void> {
  await setUpCouncil(db, admin, { name: 'Bench Council', nation: 'scotland', population: 250_000, logoUrl: null, email: null, phone: null, website: null, address: null });
  await adoptProcedure(db, admin, { code: 'scotland-model-complaints-handling-procedure', welsh: false, now: new Date('2025-01-01T09:00:00Z') });
  const started = performance.now();
  await sql`
    INSERT INTO cases (reference, service_id, request_type_id, request_type_version, channel, answers, contact, status, status_category, workflow_code, received_at)
    SELECT 'BENCH-' || lpad(n::text, 6, '0'), rt.service_id, rt.id, rt.current_version, 'web', '{"what_happened": "Missed again"}', '{}',
           CASE WHEN n % 7 = 3 THEN 'received' ELSE 'closed' END, CASE WHEN n % 7 = 3 THEN 'new' ELSE 'closed' END, 'complaint',
           timestamptz '2024-10-01 09:00+00' + ((n * 37) % 730) * interval '1 day' + (n % 8) * interval '1 hour'
    FROM generate_series(1, ${COMPLAINTS}) n, request_type rt WHERE rt.code = 'complaint'`.execute(db);
  // n: the complaint's number, from its reference. 10% go straight to stage 2, 20% are escalated.
  const numbered = sql`SELECT k.id, k.received_at, substr(k.reference, 7)::int AS n FROM cases k WHERE k.reference LIKE 'BENCH-%'`;
  await sql`
    INSERT INTO complaint (case_id, procedure_code, procedure_version, stage, about_service_id)
    SELECT b.id, s.procedure_code, s.procedure_version, CASE WHEN b.n % 10 IN (0, 1, 2) THEN 2 ELSE 1 END, rt.service_id
    FROM (${numbered}) b, complaint_setting s JOIN request_type rt ON rt.id = s.request_type_id`.execute(db);
  await sql`
    INSERT INTO complaint_stage (case_id, stage, started_at, started_how)
    SELECT id, 1, received_at, 'received' FROM (${numbered}) b WHERE n % 10 <> 0
    UNION ALL SELECT id, 2, received_at, 'direct' FROM (${numbered}) b WHERE n % 10 = 0
    UNION ALL SELECT id, 2, received_at + (n % 6 + 4) * interval '1 day', CASE WHEN n % 2 = 0 THEN 'escalated_by_staff' ELSE 'escalated_by_resident' END FROM (${numbered}) b WHERE n % 10 IN (1, 2)`.execute(db);
  // A response to every stage but one in seven stage-1-only complaints (still open).
  await sql`
    INSERT INTO complaint_response (case_id, stage, decision, reasons, apology, learning, how_to_escalate, language, letter_subject, letter_body, responded_at, responded_by_label)
    SELECT st.case_id, st.stage, (ARRAY['upheld', 'partly_upheld', 'not_upheld', 'resolved'])[b.n % 4 + 1], 'Reasons', true,
           CASE WHEN b.n % 5 = 0 THEN 'Learning from complaint ' || b.n ELSE '' END, 'Ask for stage 2', 'en', 'Our response', 'Dear Jo',
           st.started_at + CASE WHEN st.stage = 1 THEN (b.n % 9) ELSE (b.n % 30) END * interval '1 day' + interval '2 hours', 'Grace Okafor'
    FROM complaint_stage st JOIN (${numbered}) b ON b.id = st.case_id
    WHERE NOT (st.stage = 1 AND b.n % 7 = 3 AND b.n % 10 NOT IN (1, 2))`.execute(db);
  // The procedure's three clocks for every complaint: met or missed when answered, one in nine extended.
  await sql`
    INSERT INTO case_standard (case_id, standard_id, standard_version, started_at, due_at, stopped_at, outcome, clock_events)
    SELECT b.id, v.standard_id, v.version, st.started_at, st.started_at + interval '7 days', r.responded_at,
           CASE WHEN r.responded_at IS NULL THEN NULL WHEN b.n % 6 = 0 THEN 'missed' ELSE 'met' END,
           CASE WHEN b.n % 9 = 0 AND v.stop_event IN ('resolved', 'escalation_resolved')
                THEN jsonb_build_array(jsonb_build_object('type', 'start', 'at', st.started_at), jsonb_build_object('type', 'extend', 'at', st.started_at, 'by', 5, 'reason', 'More time', 'authorisedLimit', 5))
                ELSE jsonb_build_array(jsonb_build_object('type', 'start', 'at', st.started_at)) END
    FROM (${numbered}) b
    JOIN service_standard ss ON ss.code LIKE 'complaint-stage-%'
    JOIN service_standard_version v ON v.standard_id = ss.id AND v.version = ss.current_version
    JOIN complaint_stage st ON st.case_id = b.id AND st.stage = CASE WHEN v.start_event IN ('escalated', 'escalation_acknowledged') THEN 2 ELSE 1 END
    LEFT JOIN complaint_response r ON r.case_id = st.case_id AND r.stage = st.stage`.execute(db);
  await sql`
    INSERT INTO ombudsman_referral (case_id, enquiry_on, enquiry, decision, decided_on, created_at, created_by_label)
    SELECT id, (received_at + interval '60 days')::date, 'Enquiry', CASE WHEN n % 100 = 0 THEN 'not_upheld' END,
           CASE WHEN n % 100 = 0 THEN (received_at + interval '120 days')::date END, now(), 'bench'
    FROM (${numbered}) b WHERE n % 50 = 0`.execute(db);
  await sql`ANALYZE`.execute(db);
  const counts = await sql<{ complaints: string; stages: string; responses: string; clocks: string }>`
    SELECT (SELECT count(*) FROM complaint) AS complaints, (SELECT count(*) FROM complaint_stage) AS stages,
           (SELECT count(*) FROM complaint_response) AS responses, (SELECT count(*) FROM case_standard) AS clocks`.execute(db);
  const c = counts.rows[0]!;
  console.log(`  loaded ${c.complaints} complaints, ${c.stages} stages, ${c.responses} responses, ${c.clocks} clocks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function time(runs: number, run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await run(); // warm: plans, the calendar, the JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { median: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function measure(database: Database, engine: string): Promise<void> {
  const { db } = database;
  console.log(`${engine}:`);
  await migrateToLatest(db);
  await load(db);
  const w = windowOf(YEAR);
  const rows = (await selectStageRows(db, w)).length;
  if (process.env.BENCH_EXPLAIN) {
    // BENCH_EXPLAIN=1: the plan of the slowest query, as the planner ran it.
    const compiled = stageRowsQuery(w).compile(db);
    const plan = await db.executeQuery(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]));
    console.log((plan.rows as Record<string, string>[]).map((r) => `    ${Object.values(r)[0]}`).join('\n'));
  }
  const query = await time(RUNS, () => selectStageRows(db, w));
  const spso = await time(RUNS, () => buildReport(db, 'spso', YEAR));
  const england = await time(RUNS, () => buildReport(db, 'england', YEAR));
  const line = (name: string, t: { median: number; p95: number }) =>
    `  ${name.padEnd(44)} median ${t.median.toFixed(0).padStart(5)} ms   p95 ${t.p95.toFixed(0).padStart(5)} ms   ${(t.median / query.median).toFixed(2)}× the slowest query`;
  console.log(`  ${RUNS} runs each, ${YEAR.from} to ${YEAR.to}: ${rows} stage rows`);
  console.log(line('slowest query alone (complaints of the period)', query));
  console.log(line('SPSO indicators', spso));
  console.log(line('England annual report', england));
  if (engine === 'postgres') console.log(`  aim under ${AIM_MS} ms on PostgreSQL: SPSO ${spso.median < AIM_MS ? 'met' : 'NOT met'}, England ${england.median < AIM_MS ? 'met' : 'NOT met'}`);
}

// The PostgreSQL server for the scratch database: the bench's, the tests', the app's, or the local one.
process.env.BENCH_DATABASE_URL ??= process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
console.log(`Complaints reports over ${COMPLAINTS.toLocaleString('en-GB')} complaints`);
await onEachEngine(measure);
