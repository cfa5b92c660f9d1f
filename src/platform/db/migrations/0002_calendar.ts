import { sql, type Kysely } from 'kysely';

// The council's working calendar as data: days it is closed, its opening hours and cut-off, and a
// version row for every change so that a due date can name the calendar it was computed with.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per date: a day is either a council closure or an extra (newly announced) holiday, never both.
  await sql`
    CREATE TABLE calendar_day (
      date date PRIMARY KEY CHECK (date BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
      kind text NOT NULL CHECK (kind IN ('closure', 'extra_holiday')),
      reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 200),
      added_by_id text,
      added_by_label text NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // ISO weekday numbers, 1 = Monday ... 5 = Friday, in London time.
  await sql`
    CREATE TABLE calendar_opening_hours (
      weekday smallint PRIMARY KEY CHECK (weekday BETWEEN 1 AND 5),
      opens_at time NOT NULL,
      closes_at time NOT NULL,
      CHECK (opens_at < closes_at)
    )`.execute(db);
  await sql`
    INSERT INTO calendar_opening_hours (weekday, opens_at, closes_at) VALUES
      (1, '08:30', '17:00'), (2, '08:30', '17:00'), (3, '08:30', '17:00'), (4, '08:30', '17:00'), (5, '08:30', '16:30')`.execute(db);

  // NULL cut-off: a request received after that day's closing time counts from the next working day.
  await sql`
    CREATE TABLE calendar_setting (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      cut_off_time time
    )`.execute(db);
  await sql`INSERT INTO calendar_setting (id) VALUES (1)`.execute(db);

  // Append-only. The same fingerprint can appear twice (a day removed, then added back): the
  // latest row is the calendar in force, and each row says who changed what and why.
  await sql`
    CREATE TABLE calendar_version (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      fingerprint text NOT NULL,
      config jsonb NOT NULL,
      reason text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by_id text,
      created_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX calendar_version_fingerprint_idx ON calendar_version (fingerprint)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['calendar_version', 'calendar_setting', 'calendar_opening_hours', 'calendar_day']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
