import { sql, type Kysely } from 'kysely';

// The start of cases: a request as received, with the request type and standard versions that
// apply to it, and an append-only event history. The cases feature builds its lifecycle on these.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE,
      service_id uuid NOT NULL REFERENCES service (id),
      request_type_id uuid NOT NULL,
      request_type_version integer NOT NULL,
      channel text NOT NULL,
      answers jsonb NOT NULL,
      contact jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'received',
      received_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      FOREIGN KEY (request_type_id, request_type_version) REFERENCES request_type_version (request_type_id, version)
    )`.execute(db);
  await sql`CREATE INDEX cases_service_idx ON cases (service_id, received_at)`.execute(db);

  // Which version of each standard a case is measured against: fixed when the case starts.
  await sql`
    CREATE TABLE case_standard (
      case_id uuid NOT NULL REFERENCES cases (id),
      standard_id uuid NOT NULL,
      standard_version integer NOT NULL,
      PRIMARY KEY (case_id, standard_id),
      FOREIGN KEY (standard_id, standard_version) REFERENCES service_standard_version (standard_id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE case_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases (id),
      type text NOT NULL,
      at timestamptz NOT NULL,
      actor_type text NOT NULL,
      actor_label text NOT NULL,
      public boolean NOT NULL DEFAULT false,
      detail jsonb NOT NULL DEFAULT '{}'
    )`.execute(db);
  await sql`CREATE INDEX case_event_case_idx ON case_event (case_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['case_event', 'case_standard', 'cases']) await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
