import { sql, type Kysely } from 'kysely';

// The contact log begins: one row per interaction on one channel. For now, the emails residents
// send to the council's inbound addresses (features/inbound-email); later issues add the other
// channels, reasons, outcomes and advisors.
// A Message-ID is unique, so a message the sending server delivers twice is recorded once.
// Attachments' bytes live in the FileStore like case attachments; a file we did not keep (a type
// we do not accept, or too large) still has a row, so staff know it was sent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contact (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel text NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_]*$'),
      direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      received_at timestamptz NOT NULL,
      from_address text,
      from_name text,
      to_address text,
      subject text NOT NULL DEFAULT '',
      body_text text NOT NULL DEFAULT '',
      message_id text UNIQUE,
      in_reply_to text,
      case_id uuid REFERENCES cases (id),
      customer_id uuid,
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'linked', 'handled')),
      handled_by_label text,
      handled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'handled') = (handled_at IS NOT NULL))
    )`.execute(db);
  // The inbox reads contacts by status, in the order they arrived; a case lists its contacts.
  await sql`CREATE INDEX contact_status_idx ON contact (status, received_at)`.execute(db);
  await sql`CREATE INDEX contact_case_idx ON contact (case_id) WHERE case_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE contact_attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contact_id uuid NOT NULL REFERENCES contact (id),
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      size integer NOT NULL CHECK (size >= 0),
      file_key text UNIQUE,
      content_type text,
      sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      not_kept_reason text,
      CHECK ((file_key IS NULL) = (not_kept_reason IS NOT NULL)),
      CHECK ((file_key IS NULL) = (sha256 IS NULL) AND (file_key IS NULL) = (content_type IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX contact_attachment_contact_idx ON contact_attachment (contact_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE contact_attachment`.execute(db);
  await sql`DROP TABLE contact`.execute(db);
}
