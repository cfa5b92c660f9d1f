import { sql, type Kysely } from 'kysely';

// The front office: customer records and the contact log on every channel.
//
// A customer is a person or an organisation. Emails, phone numbers and reasonable adjustments are
// rows of their own (a customer has several), each stored normalised beside what was typed so that
// search finds "07700 900123", "+44 7700 900123" and "(07700) 900 123" alike.
// `search_name` is the lower-cased name the trigram index serves (pg_trgm, created in 0001): search
// forgives typos and partial names.
// A merge moves the duplicate's cases, contacts, emails, phones and adjustments to the record kept
// and marks the duplicate `merged_into`; `customer_merge.moved` lists exactly what moved, so the
// merge can be undone. Merged-away records leave search (the partial indexes) but keep their row.
//
// Contacts (0010 began the table with inbound email) gain what an advisor records: where
// (a council location), why (service, request type, a short reason), the outcome, whether it was
// avoidable and why, how long it took and who handled it. A contact with no customer is anonymous.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE customer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('person', 'organisation')),
      title text,
      given_name text,
      family_name text,
      organisation_name text,
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 300),
      search_name text NOT NULL,
      address text,
      postcode text CHECK (postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
      uprn text CHECK (uprn ~ '^[0-9]{1,12}$'),
      preferred_channel text,
      preferred_language text,
      safety_note text,
      notes text NOT NULL DEFAULT '',
      merged_into uuid REFERENCES customer (id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (merged_into IS NULL OR merged_into <> id),
      CHECK (kind = 'organisation' OR family_name IS NOT NULL),
      CHECK (kind = 'person' OR organisation_name IS NOT NULL)
    )`.execute(db);
  // fastupdate off: with it on, new names wait in a pending list that every search reads in full
  // until a vacuum clears it (about 5 ms a search, more as it grows). Councils add customers slowly;
  // advisors search all day.
  await sql`CREATE INDEX customer_search_name_trgm ON customer USING gin (search_name gin_trgm_ops) WITH (fastupdate = off) WHERE merged_into IS NULL`.execute(db);
  await sql`CREATE INDEX customer_postcode_idx ON customer (postcode) WHERE merged_into IS NULL`.execute(db);
  await sql`CREATE INDEX customer_uprn_idx ON customer (uprn) WHERE uprn IS NOT NULL`.execute(db);
  await sql`CREATE INDEX customer_merged_into_idx ON customer (merged_into) WHERE merged_into IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE customer_email (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer (id),
      email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
      label text,
      position integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX customer_email_email_idx ON customer_email (email)`.execute(db);
  await sql`CREATE INDEX customer_email_customer_idx ON customer_email (customer_id)`.execute(db);

  await sql`
    CREATE TABLE customer_phone (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer (id),
      number text NOT NULL CHECK (number ~ '^\\+[1-9][0-9]{6,14}$'),
      display text NOT NULL,
      label text,
      position integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX customer_phone_number_idx ON customer_phone (number)`.execute(db);
  await sql`CREATE INDEX customer_phone_customer_idx ON customer_phone (customer_id)`.execute(db);

  await sql`
    CREATE TABLE customer_adjustment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer (id),
      kind text NOT NULL CHECK (kind IN ('large_print', 'easy_read', 'bsl', 'interpreter', 'no_phone_calls', 'named_contact', 'other')),
      detail text NOT NULL DEFAULT '',
      position integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX customer_adjustment_customer_idx ON customer_adjustment (customer_id)`.execute(db);

  await sql`
    CREATE TABLE customer_merge (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_id uuid NOT NULL REFERENCES customer (id),
      target_id uuid NOT NULL REFERENCES customer (id),
      moved jsonb NOT NULL,
      merged_at timestamptz NOT NULL,
      merged_by_label text NOT NULL,
      undone_at timestamptz,
      undone_by_label text,
      CHECK (source_id <> target_id)
    )`.execute(db);
  // One live merge per duplicate.
  await sql`CREATE UNIQUE INDEX customer_merge_live_idx ON customer_merge (source_id) WHERE undone_at IS NULL`.execute(db);

  await sql`ALTER TABLE cases ADD CONSTRAINT cases_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id)`.execute(db);

  // Where the council meets its customers: the contact centre, service centres, the mail room.
  await sql`
    CREATE TABLE council_location (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]*$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('contact_centre', 'service_centre', 'mail_room', 'other')),
      address text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    ALTER TABLE contact
      ADD CONSTRAINT contact_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id),
      ADD COLUMN location_id uuid REFERENCES council_location (id),
      ADD COLUMN service_id uuid REFERENCES service (id),
      ADD COLUMN request_type_id uuid REFERENCES request_type (id),
      ADD COLUMN reason text,
      ADD COLUMN outcome text CHECK (outcome IN ('resolved', 'case_raised', 'passed_to_back_office', 'signposted', 'no_action')),
      ADD COLUMN avoidable boolean,
      ADD COLUMN avoidable_type text CHECK (avoidable_type IN ('chasing_progress', 'repeat', 'not_understood', 'wrongly_routed', 'unnecessary_clarification')),
      ADD COLUMN duration_seconds integer CHECK (duration_seconds BETWEEN 0 AND 86400),
      ADD COLUMN advisor_id uuid REFERENCES staff_user (id),
      ADD CONSTRAINT contact_avoidable_type CHECK ((avoidable IS TRUE) = (avoidable_type IS NOT NULL))`.execute(db);
  await sql`CREATE INDEX contact_customer_idx ON contact (customer_id, received_at) WHERE customer_id IS NOT NULL`.execute(db);
  // First contact resolution and avoidable contact are counted over a period.
  await sql`CREATE INDEX contact_received_idx ON contact (received_at) WHERE outcome IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX contact_received_idx`.execute(db);
  await sql`DROP INDEX contact_customer_idx`.execute(db);
  await sql`
    ALTER TABLE contact
      DROP CONSTRAINT contact_avoidable_type,
      DROP CONSTRAINT contact_customer_fk,
      DROP COLUMN location_id, DROP COLUMN service_id, DROP COLUMN request_type_id, DROP COLUMN reason,
      DROP COLUMN outcome, DROP COLUMN avoidable, DROP COLUMN avoidable_type, DROP COLUMN duration_seconds, DROP COLUMN advisor_id`.execute(db);
  await sql`DROP TABLE council_location`.execute(db);
  await sql`ALTER TABLE cases DROP CONSTRAINT cases_customer_fk`.execute(db);
  for (const table of ['customer_merge', 'customer_adjustment', 'customer_phone', 'customer_email', 'customer']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
