import { sql, type Kysely } from 'kysely';

// A pending upload belongs to the browser that sent it: the SHA-256 of a random token that only
// that browser holds (in a cookie, features/cases/upload-owner.ts), so an upload's id seen by
// someone else cannot show them the file or attach it to their request.
//
// Uploads pending before this column have no owner: no browser can use them, and the sweep
// removes them within a day (the resident is asked to select the file again).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_attachment ADD COLUMN owner_hash text CHECK (owner_hash ~ '^[0-9a-f]{64}$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_attachment DROP COLUMN owner_hash`.execute(db);
}
