import { sql, type Kysely } from 'kysely';

// At risk means a share of a standard's clock used (time/clock.ts atRiskAt), not "due within a
// working day": under the old rule a 1 working day acknowledgement was at risk minutes after a
// request arrived, so every request told the team lead at once and every queue row said "Due soon".
//
// The share is a whole percent per standard, versioned with it (75 unless the council sets it).
// case_standard.at_risk_at is the moment a running clock reaches it, written beside due_at by every
// writer of clocks, so the escalation job and the queue select by an indexed column.
//
// Open clocks are not backfilled here: for working-day clocks the moment depends on the council's
// calendar (weekends, bank holidays, closure days), which SQL cannot reckon exactly. The escalation
// job fills in any running clock without one, with the clock engine, on its first run after the
// upgrade (features/cases/due-dates.ts fillMissingAtRisk); the second index finds them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE service_standard_version ADD COLUMN at_risk_percent smallint NOT NULL DEFAULT 75 CHECK (at_risk_percent BETWEEN 1 AND 99)`.execute(db);
  await sql`ALTER TABLE case_standard ADD COLUMN at_risk_at timestamptz`.execute(db);
  await sql`CREATE INDEX case_standard_at_risk_idx ON case_standard (at_risk_at) WHERE stopped_at IS NULL AND at_risk_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX case_standard_at_risk_missing_idx ON case_standard (case_id) WHERE stopped_at IS NULL AND started_at IS NOT NULL AND at_risk_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX case_standard_at_risk_missing_idx`.execute(db);
  await sql`DROP INDEX case_standard_at_risk_idx`.execute(db);
  await sql`ALTER TABLE case_standard DROP COLUMN at_risk_at`.execute(db);
  await sql`ALTER TABLE service_standard_version DROP COLUMN at_risk_percent`.execute(db);
}
