import { sql, type Kysely } from 'kysely';

// Open311 GeoReport v2: what a client system sent beyond the request type's own fields (its
// description, media URLs, attributes we do not know: kept, never rejected), the client's own ids
// for the updates it posts (so a retried update is recorded once), and the table an administrator
// edits that maps each case status to the status word Open311 clients such as FixMyStreet know.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN client_data jsonb`.execute(db);
  await sql`
    CREATE TABLE open311_status (
      status_code text PRIMARY KEY,
      word text NOT NULL CHECK (word ~ '^[A-Z][A-Z_]*$'),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  const defaults: [string, string][] = [
    ['received', 'OPEN'],
    ['acknowledged', 'INVESTIGATING'],
    ['in_progress', 'IN_PROGRESS'],
    ['waiting_for_customer', 'ACTION_SCHEDULED'],
    ['resolved', 'FIXED'],
    ['closed', 'CLOSED'],
    ['reopened', 'REOPEN'],
    ['cancelled', 'NO_FURTHER_ACTION'],
    ['duplicate', 'DUPLICATE'],
  ];
  for (const [status, word] of defaults) await sql`INSERT INTO open311_status (status_code, word) VALUES (${status}, ${word})`.execute(db);
  await sql`
    CREATE TABLE open311_client_update (
      client_system_id uuid NOT NULL REFERENCES client_system (id),
      client_update_id text NOT NULL,
      case_event_id bigint NOT NULL REFERENCES case_event (id),
      PRIMARY KEY (client_system_id, client_update_id)
    )`.execute(db);
  // The updates feed reads public events by time window.
  await sql`CREATE INDEX case_event_public_at_idx ON case_event (at) WHERE public`.execute(db);
  // GET requests lists the last 90 days by default.
  await sql`CREATE INDEX cases_received_idx ON cases (received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_received_idx`.execute(db);
  await sql`DROP INDEX case_event_public_at_idx`.execute(db);
  await sql`DROP TABLE open311_client_update`.execute(db);
  await sql`DROP TABLE open311_status`.execute(db);
  await sql`ALTER TABLE cases DROP COLUMN client_data`.execute(db);
}
