// The calendar's SQL. Dates and times are read back as text: both drivers would turn a `date`
// into a JS Date at the process's local midnight, which is a different day in some time zones.
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { WORKING_WEEKDAYS, type DayHours, type LocalDate, type OpeningHours, type WorkingWeekday } from '../../time/index.js';
import type { CalendarDay, CalendarVersion, NewCalendarDay, OpeningHoursSettings, StoredCalendarConfig } from './model.js';

/** Serialises calendar changes, so that each version row records the days as they were after its change. */
const CALENDAR_LOCK = 7314002;

export async function lockCalendar(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CALENDAR_LOCK})`.execute(db);
}

const dateText = sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date');

function daysQuery(db: Db) {
  return db
    .selectFrom('calendar_day')
    .select([dateText, 'kind', 'reason', 'added_by_label', 'added_at'])
    .orderBy('calendar_day.date');
}

type DayRow = { date: string; kind: CalendarDay['kind']; reason: string; added_by_label: string; added_at: Date };
const toDay = (row: DayRow): CalendarDay => ({ date: row.date, kind: row.kind, reason: row.reason, addedBy: row.added_by_label, addedAt: row.added_at });

export async function selectCalendarDays(db: Db, from?: LocalDate): Promise<CalendarDay[]> {
  const query = from ? daysQuery(db).where('calendar_day.date', '>=', sql<Date>`${from}::date`) : daysQuery(db);
  return (await query.execute()).map(toDay);
}

export async function selectCalendarDay(db: Db, date: LocalDate): Promise<CalendarDay | undefined> {
  const row = await daysQuery(db).where('calendar_day.date', '=', sql<Date>`${date}::date`).executeTakeFirst();
  return row && toDay(row);
}

export async function insertCalendarDay(db: Db, actor: Actor, day: NewCalendarDay): Promise<void> {
  await db
    .insertInto('calendar_day')
    .values({ date: day.date, kind: day.kind, reason: day.reason, added_by_id: actor.id ?? null, added_by_label: actor.label })
    .execute();
}

export async function deleteCalendarDay(db: Db, date: LocalDate): Promise<boolean> {
  const result = await db.deleteFrom('calendar_day').where('date', '=', sql<Date>`${date}::date`).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function selectOpeningHours(db: Db): Promise<OpeningHoursSettings> {
  const rows = await db
    .selectFrom('calendar_opening_hours')
    .select(['weekday', sql<string>`to_char(opens_at, 'HH24:MI')`.as('opens'), sql<string>`to_char(closes_at, 'HH24:MI')`.as('closes')])
    .orderBy('weekday')
    .execute();
  const setting = await db
    .selectFrom('calendar_setting')
    .select(sql<string | null>`to_char(cut_off_time, 'HH24:MI')`.as('cut_off'))
    .executeTakeFirst();
  const hours: Partial<Record<WorkingWeekday, DayHours>> = {};
  for (const row of rows) hours[WORKING_WEEKDAYS[row.weekday - 1]!] = { open: row.opens, close: row.closes };
  return { openingHours: hours as OpeningHours, cutOffTime: setting?.cut_off ?? null };
}

export async function updateOpeningHours(db: Db, settings: OpeningHoursSettings): Promise<void> {
  for (const [index, weekday] of WORKING_WEEKDAYS.entries()) {
    const { open, close } = settings.openingHours[weekday];
    await db
      .insertInto('calendar_opening_hours')
      .values({ weekday: index + 1, opens_at: open, closes_at: close })
      .onConflict((oc) => oc.column('weekday').doUpdateSet({ opens_at: open, closes_at: close }))
      .execute();
  }
  await db
    .insertInto('calendar_setting')
    .values({ id: 1, cut_off_time: settings.cutOffTime })
    .onConflict((oc) => oc.column('id').doUpdateSet({ cut_off_time: settings.cutOffTime }))
    .execute();
}

type VersionRow = { id: string; fingerprint: string; config: Record<string, unknown>; reason: string; created_at: Date; created_by_label: string };
const toVersion = (row: VersionRow): CalendarVersion => ({
  id: row.id,
  fingerprint: row.fingerprint,
  config: row.config as unknown as StoredCalendarConfig,
  reason: row.reason,
  createdAt: row.created_at,
  createdBy: row.created_by_label,
});

const versionColumns = ['id', 'fingerprint', 'config', 'reason', 'created_at', 'created_by_label'] as const;

export async function selectLatestVersion(db: Db): Promise<CalendarVersion | undefined> {
  const row = await db.selectFrom('calendar_version').select(versionColumns).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && toVersion(row);
}

export async function selectVersions(db: Db, limit: number): Promise<CalendarVersion[]> {
  const rows = await db.selectFrom('calendar_version').select(versionColumns).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toVersion);
}

export async function selectVersion(db: Db, id: string): Promise<CalendarVersion | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await db.selectFrom('calendar_version').select(versionColumns).where('id', '=', id).executeTakeFirst();
  return row && toVersion(row);
}

export async function insertVersion(
  db: Db,
  actor: Actor,
  version: { fingerprint: string; config: StoredCalendarConfig; reason: string },
): Promise<CalendarVersion> {
  const row = await db
    .insertInto('calendar_version')
    .values({
      fingerprint: version.fingerprint,
      config: JSON.stringify(version.config),
      reason: version.reason,
      created_by_id: actor.id ?? null,
      created_by_label: actor.label,
    })
    .returning(versionColumns)
    .executeTakeFirstOrThrow();
  return toVersion(row);
}
