import { sql, type Kysely } from 'kysely';

// Whether a request type's location is public: Open311 `GET requests` shows a case's address,
// UPRN and position to anyone only when it is (a pothole's place is; a household's address for a
// missed bin is not). Versioned with the type's other settings.
//
// Every existing type starts not public, those open to other systems included: until this
// column, reads published the home addresses of phone and JSON API cases, and an upgrade must not
// go on doing so. The council then says yes for its street reports (README: Open311).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request_type_version ADD COLUMN location_public boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request_type_version DROP COLUMN location_public`.execute(db);
}
