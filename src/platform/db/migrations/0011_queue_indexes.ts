import { sql, type Kysely } from 'kysely';

// Work queues (features/cases/queue) list open cases earliest running due date first. That date is
// in case_standard, so ordering by it meant working it out for every open case before taking a page
// of 50: measured on PostgreSQL with 100,000 cases (15,000 open) the first page of "my teams" took
// 0.3 to 1.5 s, and no index on cases could help, as the sort key was not in cases.
//
// cases.next_due_at keeps that date beside the case. A trigger keeps it, so every writer of clocks
// (the lifecycle, the recalculation after a calendar change, any later feature) keeps it right
// without knowing about queues; it only writes the case when the date actually moves. Partial
// indexes over open cases in queue order, all of them and each person's, then make a page an index
// walk that stops after 50 rows: about 1 ms for "all open cases" and "my cases" on the same data.
// A small team's queue is read by cases_team_queue_idx (0008) and sorted: a few milliseconds.
//
// "Open" is the categories new, open and waiting (features/cases/queue/model.ts OPEN_CATEGORIES):
// categories are fixed in code, so they can be written into the index predicates.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN next_due_at timestamptz`.execute(db);
  await sql`
    CREATE FUNCTION cases_refresh_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
      due timestamptz;
    BEGIN
      SELECT min(due_at) INTO due FROM case_standard WHERE case_id = target AND stopped_at IS NULL;
      UPDATE cases SET next_due_at = due WHERE id = target AND next_due_at IS DISTINCT FROM due;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER case_standard_next_due AFTER INSERT OR DELETE OR UPDATE OF due_at, stopped_at ON case_standard
    FOR EACH ROW EXECUTE FUNCTION cases_refresh_next_due()`.execute(db);
  await sql`
    UPDATE cases c SET next_due_at = d.due
    FROM (SELECT case_id, min(due_at) AS due FROM case_standard WHERE stopped_at IS NULL GROUP BY case_id) d
    WHERE d.case_id = c.id AND d.due IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_open_queue_idx ON cases (next_due_at, received_at, id) WHERE status_category IN ('new', 'open', 'waiting')`.execute(db);
  await sql`CREATE INDEX cases_open_assignee_idx ON cases (assignee_id, next_due_at, received_at, id) WHERE status_category IN ('new', 'open', 'waiting')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_open_assignee_idx`.execute(db);
  await sql`DROP INDEX cases_open_queue_idx`.execute(db);
  await sql`DROP TRIGGER case_standard_next_due ON case_standard`.execute(db);
  await sql`DROP FUNCTION cases_refresh_next_due()`.execute(db);
  await sql`ALTER TABLE cases DROP COLUMN next_due_at`.execute(db);
}
