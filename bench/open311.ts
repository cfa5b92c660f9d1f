// Open311 on PGlite and (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set) PostgreSQL:
//   - GET requests.xml over 100,000 cases (the default last 90 days, 1,000 results), against the
//     bare query of the same 1,000 rows in the same run;
//   - POST requests.xml (a FixMyStreet report through HTTP: key check, validation, raiseCase),
//     against a bare insert of the same rows (case, two standards, one event) in the same run.
// In-process requests (app.inject), one at a time, so the figures are the app and its database.
//   npx tsx bench/open311.ts            (BENCH_CASES=20000 for a quicker run)
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { bootstrap } from '../src/bootstrap.js';
import { createClientSystem } from '../src/platform/api-keys/service.js';
import type { Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { onEachEngine } from './engines.js';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const READS = Number(process.env.BENCH_READS ?? 30);
const POSTS = Number(process.env.BENCH_POSTS ?? 300);

interface Timing {
  perSecond: number;
  p50: number;
  p99: number;
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(5, n); i++) await fn(-1 - i); // warm up
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  const total = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { perSecond: n / total, p50: at(0.5), p99: at(0.99) };
}

const show = (label: string, t: Timing, unit: string) =>
  console.log(`  ${label.padEnd(48)} ${t.perSecond.toFixed(1).padStart(8)} ${unit}/s   p50 ${t.p50.toFixed(1).padStart(7)} ms   p99 ${t.p99.toFixed(1).padStart(7)} ms`);

/** 100,000 graffiti reports over the last 180 days, with standards and a public update each: written in bulk, then ANALYZEd. */
async function load(database: Database, clientSystemId: string): Promise<void> {
  const { db } = database;
  const rt = await db.selectFrom('request_type as rt').innerJoin('request_type_version as v', (j) => j.onRef('v.request_type_id', '=', 'rt.id').onRef('v.version', '=', 'rt.current_version')).select(['rt.id', 'rt.service_id', 'v.version', 'v.standard_ids']).where('rt.code', '=', 'report-graffiti').executeTakeFirstOrThrow();
  const started = performance.now();
  await sql`
    INSERT INTO cases (reference, service_id, request_type_id, request_type_version, channel, answers, contact, status, status_category, received_at, updated_at,
                       latitude, longitude, location_address, client_system_id, client_reference, client_data)
    SELECT 'B' || lpad(to_hex(g), 7, '0'), ${rt.service_id}, ${rt.id}, ${rt.version}, 'open311', '{"surface":"wall","size":"small"}', '{}',
           CASE WHEN g % 3 = 0 THEN 'resolved' ELSE 'received' END, CASE WHEN g % 3 = 0 THEN 'resolved' ELSE 'new' END,
           now() - (g % 180) * interval '1 day' - (g % 1440) * interval '1 minute', now() - (g % 180) * interval '1 day',
           52 + (g % 1000) / 10000.0, -1.2 - (g % 997) / 10000.0, g || ' High Street', ${clientSystemId}, 'fms-' || g,
           jsonb_build_object('description', 'Report ' || g, 'mediaUrls', jsonb_build_array('https://fms.example/' || g || '.jpeg'))
    FROM generate_series(1, ${CASES}) AS g`.execute(db);
  for (const standardId of rt.standard_ids) {
    await sql`
      INSERT INTO case_standard (case_id, standard_id, standard_version, started_at, due_at)
      SELECT c.id, s.id, s.current_version, c.received_at, c.received_at + interval '5 days'
      FROM cases c CROSS JOIN service_standard s WHERE s.id = ${standardId}`.execute(db);
  }
  await sql`
    INSERT INTO case_event (case_id, type, at, actor_type, actor_label, public, detail)
    SELECT id, 'public_update', received_at + interval '1 hour', 'staff', 'Bench', true, '{"message":"Crew booked"}' FROM cases`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`  loaded ${CASES.toLocaleString('en-GB')} cases with standards and updates in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(database: Database): Promise<void> {
  console.log(`${database.engine}:`);
  await migrateToLatest(database.db);
  await bootstrap(database.db, { demo: true, demoPassword: 'bench password 2026', councilName: 'x', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
  const client = await createClientSystem(database.db, { type: 'cli', label: 'bench' }, { name: 'Bench FixMyStreet', scopes: ['open311'], rateLimitPerMinute: 10_000 });
  await load(database, client.clientSystemId);
  const app = await createApp({ db: database.db, engine: database.engine, cookieSecret: 'bench secret that is long enough to sign', sessions: { idleMinutes: 120, maxHours: 12 } });
  await app.ready();

  const bareRead = await time(READS, () =>
    sql`SELECT * FROM cases WHERE received_at >= now() - interval '90 days' ORDER BY received_at DESC LIMIT 1000`.execute(database.db),
  );
  const read = await time(READS, async (i) => {
    const response = await app.inject('/open311/v2/requests.xml');
    if (i === 0 && (response.statusCode !== 200 || (response.body.match(/<request>/g) ?? []).length !== 1000)) throw new Error(`requests.xml answered ${response.statusCode} with too few requests`);
  });
  show('bare query, 1,000 of the last 90 days', bareRead, 'queries');
  show('GET /open311/v2/requests.xml (1,000 results)', read, 'requests');
  console.log(`  ratio GET requests.xml to bare query: ${(read.perSecond / bareRead.perSecond).toFixed(2)}`);

  const rt = await database.db.selectFrom('request_type').select(['id', 'service_id', 'current_version']).where('code', '=', 'report-graffiti').executeTakeFirstOrThrow();
  const standards = await database.db.selectFrom('service_standard').select(['id', 'current_version']).where('service_id', '=', rt.service_id).execute();
  const bareInsert = await time(POSTS, (i) =>
    database.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('cases')
        .values({ reference: `X${String(i + 10).padStart(7, '0')}`, service_id: rt.service_id, request_type_id: rt.id, request_type_version: rt.current_version, channel: 'open311', answers: '{"surface":"wall","size":"small"}', contact: '{"email":"sam@example.com"}', received_at: new Date(), latitude: 52.1, longitude: -1.2 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('case_standard').values(standards.slice(0, 2).map((s) => ({ case_id: id, standard_id: s.id, standard_version: s.current_version, due_at: new Date() }))).execute();
      await trx.insertInto('case_event').values({ case_id: id, type: 'received', at: new Date(), actor_type: 'client', actor_label: 'bench' }).execute();
    }),
  );
  const post = await time(POSTS, async (i) => {
    const form = new URLSearchParams({ api_key: client.key, service_code: 'report-graffiti', lat: '52.123456', long: '-1.234567', email: 'sam@example.com', first_name: 'Sam', last_name: 'Green', description: 'title: Tags\r\n\r\ndetail: On the wall', 'attribute[surface]': 'wall', 'attribute[size]': 'small', 'attribute[fixmystreet_id]': `post-${i}` });
    const response = await app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (response.statusCode !== 201) throw new Error(`requests.xml POST answered ${response.statusCode}: ${response.body}`);
  });
  show('bare insert (case, 2 standards, 1 event)', bareInsert, 'cases');
  show('POST /open311/v2/requests.xml', post, 'cases');
  console.log(`  ratio POST requests.xml to bare insert: ${(post.perSecond / bareInsert.perSecond).toFixed(2)}`);
  await app.close();
}

async function main(): Promise<void> {
  await onEachEngine(measure);
}

await main();
