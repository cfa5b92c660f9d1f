// The council-year generator (bench/generator): the counts asked for, the same rows for the same
// seed (compared by content, since the demo catalogue's own ids differ between databases), no
// dangling references although it loads with foreign-key checks off, and the shape the review
// needs (some of everything). Tiny sizes, both engines.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCouncilYear, type GenerateResult } from '../../bench/generator/council-year.js';
import type { Db } from '../../src/platform/db/database.js';
import { forEachEngine, openTestDatabase, type TestDatabase } from '../support/databases.js';

const OPTIONS = { contacts: 600, cases: 200, customers: 40, seed: 7, until: new Date('2026-10-01T00:00:00Z'), chunk: 128 };

/** A digest of what was generated, by content: codes instead of the catalogue's ids. */
async function digest(db: Db): Promise<Record<string, string>> {
  const { rows } = await sql<Record<string, string>>`
    SELECT
      (SELECT md5(string_agg(concat_ws('|', k.id, k.reference, s.code, rt.code, k.channel, k.status, k.status_category, k.received_at, k.resolved_at, k.closed_at,
                                       k.customer_id, k.assignee_id, k.ward, k.client_reference, k.next_due_at), ',' ORDER BY k.id))
         FROM cases k JOIN service s ON s.id = k.service_id JOIN request_type rt ON rt.id = k.request_type_id) AS cases,
      (SELECT md5(string_agg(concat_ws('|', cs.case_id, ss.code, cs.started_at, cs.due_at, cs.stopped_at, cs.outcome, cs.clock_events::text), ',' ORDER BY cs.case_id, ss.code, s.code))
         FROM case_standard cs JOIN service_standard ss ON ss.id = cs.standard_id JOIN service s ON s.id = ss.service_id) AS clocks,
      (SELECT md5(string_agg(concat_ws('|', c.id, c.channel, c.direction, c.received_at, c.case_id, c.customer_id, c.outcome, c.avoidable, c.avoidable_type,
                                       c.duration_seconds, c.advisor_id, l.code, s.code, c.reason), ',' ORDER BY c.id))
         FROM contact c LEFT JOIN council_location l ON l.id = c.location_id LEFT JOIN service s ON s.id = c.service_id) AS contacts`.execute(db);
  return rows[0]!;
}

const count = async (db: Db, query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]!.n;

forEachEngine('generateCouncilYear', (use, engine) => {
  let result: GenerateResult;
  let other: TestDatabase;
  const target = (d: TestDatabase) => ({ db: d.db, engine: d.engine, ...(d.url ? { url: d.url } : {}) });

  beforeAll(async () => {
    result = await generateCouncilYear(target(use()), OPTIONS);
    other = await openTestDatabase(engine);
  }, 120_000);
  afterAll(async () => {
    await other?.close();
  });

  it('loads the counts asked for', async () => {
    const db = use().db;
    expect(result.counts).toMatchObject({ cases: 200, contacts: 600, customers: 40, staff: 50 });
    expect(await count(db, sql`SELECT count(*)::int AS n FROM contact`)).toBe(600);
    expect(await count(db, sql`SELECT count(*)::int AS n FROM cases`)).toBe(200);
    expect(await count(db, sql`SELECT count(*)::int AS n FROM case_standard`)).toBe(result.counts.clocks);
    expect(result.from.toISOString()).toBe('2025-10-01T00:00:00.000Z');
    expect(await count(db, sql`SELECT count(*)::int AS n FROM cases WHERE received_at < ${result.from} OR received_at >= ${result.until}`)).toBe(0);
  });

  it('leaves no dangling reference and keeps the tables’ rules', async () => {
    const db = use().db;
    expect(await count(db, sql`SELECT count(*)::int AS n FROM contact c WHERE (c.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = c.case_id))
                                 OR (c.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customer u WHERE u.id = c.customer_id))
                                 OR (c.advisor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff_user u WHERE u.id = c.advisor_id))`)).toBe(0);
    expect(await count(db, sql`SELECT count(*)::int AS n FROM case_standard cs WHERE NOT EXISTS (SELECT 1 FROM service_standard_version v WHERE v.standard_id = cs.standard_id AND v.version = cs.standard_version)`)).toBe(0);
    // next_due_at, which a trigger keeps, was written directly: it must agree with the clocks.
    expect(await count(db, sql`SELECT count(*)::int AS n FROM cases k WHERE k.next_due_at IS DISTINCT FROM (SELECT min(due_at) FROM case_standard cs WHERE cs.case_id = k.id AND cs.stopped_at IS NULL)`)).toBe(0);
  });

  it('has the shape a review needs: first contact resolution near 77%, some of every outcome, open and closed cases', async () => {
    const db = use().db;
    const fcr = await count(db, sql`SELECT round(100.0 * count(*) FILTER (WHERE outcome = 'resolved') / count(*))::int AS n FROM contact`);
    expect(fcr).toBeGreaterThanOrEqual(68);
    expect(fcr).toBeLessThanOrEqual(86);
    const outcomes = (await sql<{ outcome: string }>`SELECT DISTINCT outcome FROM case_standard WHERE outcome IS NOT NULL`.execute(db)).rows.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['met', 'missed', 'void']);
    const categories = (await sql<{ c: string }>`SELECT DISTINCT status_category AS c FROM cases`.execute(db)).rows.map((r) => r.c);
    expect(categories).toEqual(expect.arrayContaining(['closed', 'open']));
    expect(await count(db, sql`SELECT count(DISTINCT channel)::int AS n FROM contact`)).toBeGreaterThanOrEqual(8);
  });

  it('makes the same rows from the same seed, and refuses to load them twice', async () => {
    await generateCouncilYear(target(other), OPTIONS);
    expect(await digest(other.db)).toEqual(await digest(use().db));
    await expect(generateCouncilYear(target(other), OPTIONS)).rejects.toThrow(/already has the council-year of seed 7/);
  }, 120_000);
});

