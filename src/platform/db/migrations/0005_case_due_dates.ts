import { sql, type Kysely } from 'kysely';

// A standard's clock on a case: when it started, when it is due, and the calendar version the due
// instant was reckoned with, so a due date can always be traced to the calendar behind it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE case_standard
      ADD COLUMN started_at timestamptz,
      ADD COLUMN due_at timestamptz,
      ADD COLUMN calendar_version_id bigint REFERENCES calendar_version (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_standard DROP COLUMN calendar_version_id, DROP COLUMN due_at, DROP COLUMN started_at`.execute(db);
}
