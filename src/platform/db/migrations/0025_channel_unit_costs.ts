import { sql, type Kysely } from 'kysely';

// What one contact costs the council on each channel (features/contacts/unit-costs), which
// administrators edit: cost to serve is each channel's contacts times its unit cost. Append-only:
// each change is a new version with who and when, so a past period is costed at the unit costs in
// force at its end. Stored in pence. The defaults are the Socitm benchmark's (DOMAIN.md):
// face to face £8.62, phone £2.83, web £0.15; Open311 reports and kiosks are self-service like the
// web form and cost the same. Other channels have no benchmark figure and start not costed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE channel_unit_cost (
      channel text NOT NULL,
      version integer NOT NULL,
      pence integer NOT NULL CHECK (pence >= 0 AND pence <= 100000),
      set_at timestamptz NOT NULL,
      set_by_label text NOT NULL,
      PRIMARY KEY (channel, version)
    )`.execute(db);
  // In force from long before any contact CharterDesk holds, so every period has them.
  await sql`
    INSERT INTO channel_unit_cost (channel, version, pence, set_at, set_by_label) VALUES
      ('face_to_face', 1, 862, '2000-01-01T00:00:00Z', 'Default (Socitm benchmark)'),
      ('phone', 1, 283, '2000-01-01T00:00:00Z', 'Default (Socitm benchmark)'),
      ('web', 1, 15, '2000-01-01T00:00:00Z', 'Default (Socitm benchmark)'),
      ('open311', 1, 15, '2000-01-01T00:00:00Z', 'Default (as the web)'),
      ('kiosk', 1, 15, '2000-01-01T00:00:00Z', 'Default (as the web)')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE channel_unit_cost`.execute(db);
}
