import { sql, type Kysely } from 'kysely';

// Services, their standards and request types. Standards and request types are versioned: a
// case keeps the version it started under, so history is measured by the rule that applied then.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE team (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      department text NOT NULL,
      email text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX team_name_key ON team (lower(name))`.execute(db);

  await sql`
    CREATE TABLE service (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
      name text NOT NULL,
      department text NOT NULL,
      team_id uuid REFERENCES team (id),
      description text NOT NULL DEFAULT '',
      channels text[] NOT NULL DEFAULT '{}',
      published boolean NOT NULL DEFAULT false,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE service_standard (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES service (id),
      code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
      current_version integer NOT NULL DEFAULT 1,
      UNIQUE (service_id, code)
    )`.execute(db);
  await sql`
    CREATE TABLE service_standard_version (
      standard_id uuid NOT NULL REFERENCES service_standard (id),
      version integer NOT NULL,
      sentence text NOT NULL,
      stage text NOT NULL,
      clock_unit text NOT NULL CHECK (clock_unit IN ('working_days', 'working_hours', 'calendar_days', 'calendar_months')),
      clock_amount integer NOT NULL CHECK (clock_amount > 0),
      start_event text NOT NULL,
      stop_event text NOT NULL,
      target_percent numeric(5, 2) NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
      published boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by_label text NOT NULL,
      PRIMARY KEY (standard_id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE request_type (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES service (id),
      code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
      current_version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`
    CREATE TABLE request_type_version (
      request_type_id uuid NOT NULL REFERENCES request_type (id),
      version integer NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      team_id uuid REFERENCES team (id),
      audiences text[] NOT NULL,
      fields jsonb NOT NULL,
      standard_ids uuid[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by_label text NOT NULL,
      PRIMARY KEY (request_type_id, version)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['request_type_version', 'request_type', 'service_standard_version', 'service_standard', 'service', 'team']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
