import { sql, type Kysely } from 'kysely';

// Files attached to cases. The bytes live in the FileStore (outside the database); a row holds the
// key, what we checked about the file and its SHA-256, so a file can be traced and verified.
// A resident's upload is held here with no case while they check their answers (a pending upload);
// submitting attaches it, and pending uploads left for a day are swept away.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid REFERENCES cases (id),
      request_type_id uuid NOT NULL REFERENCES request_type (id),
      field_code text NOT NULL,
      file_key text NOT NULL UNIQUE,
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size integer NOT NULL CHECK (size > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_at timestamptz NOT NULL,
      attached_at timestamptz,
      CHECK ((case_id IS NULL) = (attached_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX case_attachment_case_idx ON case_attachment (case_id) WHERE case_id IS NOT NULL`.execute(db);
  // The sweep looks for old pending uploads only.
  await sql`CREATE INDEX case_attachment_pending_idx ON case_attachment (uploaded_at) WHERE case_id IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE case_attachment`.execute(db);
}
