import { sql, type Kysely } from 'kysely';

// Migrations are plain PostgreSQL: the same SQL runs on PGlite and on a PostgreSQL server.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Trigram similarity for forgiving searches (names with typos); trusted, so a database owner may add it.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    CREATE TABLE council (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      name text NOT NULL,
      nation text NOT NULL CHECK (nation IN ('england', 'wales', 'scotland', 'northern-ireland')),
      population integer CHECK (population IS NULL OR population > 0),
      logo_url text,
      email text,
      phone text,
      website text,
      address text,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE staff_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      display_name text NOT NULL,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_sign_in_at timestamptz,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX staff_user_email_key ON staff_user (lower(email))`.execute(db);

  // The session id itself is never stored: only its SHA-256, so a copy of the table signs nobody in.
  await sql`
    CREATE TABLE staff_session (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX staff_session_expires_idx ON staff_session (expires_at)`.execute(db);
  await sql`CREATE INDEX staff_session_user_idx ON staff_session (user_id)`.execute(db);

  await sql`
    CREATE TABLE audit_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_type text NOT NULL CHECK (actor_type IN ('staff', 'system', 'client', 'resident', 'cli', 'anonymous')),
      actor_id text,
      actor_label text NOT NULL,
      action text NOT NULL,
      subject_type text,
      subject_id text,
      detail jsonb NOT NULL DEFAULT '{}',
      ip text
    )`.execute(db);
  await sql`CREATE INDEX audit_event_at_idx ON audit_event (at DESC)`.execute(db);
  await sql`CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, at DESC)`.execute(db);

  await sql`CREATE TABLE app_setting (key text PRIMARY KEY, value text NOT NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['app_setting', 'audit_event', 'staff_session', 'staff_user', 'council']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
