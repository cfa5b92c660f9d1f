import { sql, type Kysely } from 'kysely';

// Other systems (FixMyStreet, back-office systems) and the keys they call the API with. A key is
// stored only as its SHA-256: keys are long and random, so a fast hash is enough and keeps each
// call cheap (a password KDF here would cap the API at a few requests a second).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE client_system (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by_label text NOT NULL,
      revoked_at timestamptz
    )`.execute(db);
  // Unique among client systems still in use: a revoked one keeps its history (and its audit
  // trail) while the council connects the same system again under the same name.
  await sql`CREATE UNIQUE INDEX client_system_name_key ON client_system (lower(name)) WHERE revoked_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE api_key (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_system_id uuid NOT NULL REFERENCES client_system (id),
      key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
      prefix text NOT NULL,
      scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
      rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by_label text NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX api_key_hash_key ON api_key (key_hash)`.execute(db);
  await sql`CREATE INDEX api_key_client_system_idx ON api_key (client_system_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE api_key`.execute(db);
  await sql`DROP TABLE client_system`.execute(db);
}
