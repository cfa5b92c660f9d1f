// How the work queue's queries run on 100,000 cases: loads the demo council into a scratch
// PostgreSQL database, adds cases (15% open, two standards each), ANALYZEs, and prints the plan
// and time of each queue's page and count and of the navigation's count.
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx src/features/cases/queue/explain-queue.ts
import { performance } from 'node:perf_hooks';
import { sql, type Compilable } from 'kysely';
import { bootstrap } from '../../../bootstrap.js';
import { loadDemoTeamMembers } from '../../../demo/team-members.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { openPostgres, type Db } from '../../../platform/db/database.js';
import { migrateToLatest } from '../../../platform/db/migrate.js';
import { createScratchDatabase } from '../../../../test/support/postgres.js';
import { DEFAULT_QUERY, type QueueQuery } from './model.js';
import * as store from './store.js';

const CASES = Number(process.env.QUEUE_CASES ?? 100_000);

async function load(db: Db): Promise<void> {
  await migrateToLatest(db);
  await bootstrap(db, { demo: true, demoPassword: 'explain-queue-password', councilName: 'x', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
  await loadDemoTeamMembers(db, systemActor);
  const started = performance.now();
  await sql`
    WITH rt AS (
      SELECT row_number() OVER (ORDER BY r.code) - 1 AS i, r.id, r.service_id, v.version, coalesce(v.team_id, s.team_id) AS team_id
      FROM request_type r JOIN request_type_version v ON v.request_type_id = r.id AND v.version = r.current_version JOIN service s ON s.id = r.service_id
    ), n AS (SELECT count(*) AS n FROM rt), staff AS (SELECT array_agg(id ORDER BY email) AS ids FROM staff_user)
    INSERT INTO cases (reference, service_id, request_type_id, request_type_version, channel, answers, received_at, status, status_category, team_id, assignee_id)
    SELECT 'Q' || g, rt.service_id, rt.id, rt.version, (ARRAY['web', 'phone', 'email', 'face_to_face'])[1 + g % 4], '{}',
      now() - (g % 730) * interval '1 day' - (g % 24) * interval '1 hour',
      CASE WHEN g % 20 = 0 THEN 'received' WHEN g % 20 = 1 THEN 'in_progress' WHEN g % 20 = 2 THEN 'waiting_for_customer' ELSE 'closed' END,
      CASE WHEN g % 20 = 0 THEN 'new' WHEN g % 20 = 1 THEN 'open' WHEN g % 20 = 2 THEN 'waiting' ELSE 'closed' END,
      rt.team_id, CASE WHEN g % 3 = 0 THEN NULL ELSE staff.ids[1 + g % array_length(staff.ids, 1)] END
    FROM generate_series(1, ${CASES}) g CROSS JOIN n CROSS JOIN staff JOIN rt ON rt.i = g % n.n`.execute(db);
  // Clocks in bulk, with the next-due trigger off (one statement then fills cases.next_due_at, as
  // migration 0011 does), so that loading takes seconds rather than minutes.
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`
      INSERT INTO case_standard (case_id, standard_id, standard_version, started_at, due_at, paused, stopped_at, outcome)
      SELECT c.id, st.id, st.current_version, c.received_at, c.received_at + (3 + st.k) * interval '1 day', c.status_category = 'waiting',
        CASE WHEN c.status_category = 'closed' THEN c.received_at + interval '2 days' END,
        CASE WHEN c.status_category = 'closed' THEN 'met' END
      FROM cases c
      CROSS JOIN LATERAL (SELECT ss.id, ss.current_version, row_number() OVER (ORDER BY ss.code) AS k FROM service_standard ss WHERE ss.service_id = c.service_id LIMIT 2) st
      WHERE c.reference LIKE 'Q%'`.execute(trx);
  });
  await sql`
    UPDATE cases c SET next_due_at = d.due
    FROM (SELECT case_id, min(due_at) AS due FROM case_standard WHERE stopped_at IS NULL GROUP BY case_id) d
    WHERE d.case_id = c.id AND d.due IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO team_member (team_id, user_id)
    SELECT (SELECT team_id FROM cases WHERE status_category IN ('new', 'open', 'waiting') GROUP BY team_id ORDER BY count(*), team_id LIMIT 1), id
    FROM staff_user WHERE email = 'advisor@brackenfield.example'`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`Loaded ${CASES.toLocaleString('en-GB')} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function explain(db: Db): Promise<void> {
  // The officer is in every team; the advisor is put in one small team (and holds open cases).
  const person = async (email: string) => (await db.selectFrom('staff_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const people = { officer: await person('officer@brackenfield.example'), advisor: await person('advisor@brackenfield.example') };
  const queries: [string, Compilable][] = [];
  for (const [name, id] of Object.entries(people)) {
    for (const view of ['teams', 'mine', 'all', 'unassigned'] as const) {
      const query: QueueQuery = { ...DEFAULT_QUERY, view };
      queries.push([`${name}, page: ${view}`, store.queuePageQuery(db, query, id)], [`${name}, count: ${view}`, store.queueCountQuery(db, query, id)]);
    }
    queries.push([`${name}, page 20 of my teams`, store.queuePageQuery(db, { ...DEFAULT_QUERY, page: 20 }, id)], [`${name}, navigation count`, store.navigationCountQuery(db, id)]);
  }
  for (const [label, query] of queries) {
    const compiled = query.compile();
    const plan = await db.executeQuery<{ 'QUERY PLAN': string }>({ ...compiled, sql: `EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}` });
    const lines = plan.rows.map((r) => r['QUERY PLAN']);
    const seqScan = lines.some((l) => /Seq Scan on cases/.test(l));
    console.log(`\n=== ${label}: ${lines.at(-1)}${seqScan ? '  [SEQ SCAN ON cases]' : ''}`);
    if (process.env.QUEUE_PLANS) console.log(lines.join('\n'));
  }
}

/** QUEUE_DATABASE_URL: explain again on a database loaded before (kept with QUEUE_KEEP=1). */
async function main(): Promise<void> {
  const again = process.env.QUEUE_DATABASE_URL;
  const scratch = again ? undefined : await createScratchDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const database = await openPostgres(again ?? scratch!.url, 2);
  const { db } = database;
  try {
    if (scratch) await load(db);
    await explain(db);
  } finally {
    await database.close();
    if (scratch && process.env.QUEUE_KEEP) console.log(`\nKept ${scratch.url}`);
    else await scratch?.drop();
  }
}

await main();
