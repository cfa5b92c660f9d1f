// The working calendar as data, on both engines: what getWorkingCalendar builds from the tables,
// versions and audit for every change, refusals that save nothing, and listeners that run inside
// the change's transaction.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { addWorkingDays, bankHolidays } from '../../time/index.js';
import { changeCouncilSettings, getCouncil, setUpCouncil } from '../council/service.js';
import { DEMO_COUNCIL } from '../../demo/council.js';
import { DEMO_CLOSURE_DAYS } from '../../demo/calendar.js';
import { checkCalculation, checkOpeningHours, dateFromParts, parseTimeOfDay } from './model.js';
import {
  CalendarDayNotFoundError,
  CalendarInputError,
  addCalendarDay,
  addCalendarDays,
  calendarOfVersion,
  changeOpeningHours,
  checkDueDate,
  getCalendarOverview,
  getCalendarVersion,
  getWorkingCalendar,
  onCalendarChanged,
  removeCalendarDay,
  type CalendarChanged,
} from './service.js';

const admin: Actor = { type: 'staff', id: '00000000-0000-4000-8000-000000000001', label: 'Alex Morgan', ip: '192.0.2.1' };
// Thursday 2 April 2026, 10:00 BST: 5 working days is Monday 13 April in England (DOMAIN.md).
const received = new Date('2026-04-02T09:00:00Z');
const HOURS = {
  monday: { opens: '08:30', closes: '17:00' },
  tuesday: { opens: '08:30', closes: '17:00' },
  wednesday: { opens: '08:30', closes: '17:00' },
  thursday: { opens: '08:30', closes: '17:00' },
  friday: { opens: '08:30', closes: '16:30' },
};

async function counts(db: Db) {
  const count = async (table: 'calendar_day' | 'calendar_version' | 'audit_event') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { days: await count('calendar_day'), versions: await count('calendar_version'), audit: await count('audit_event') };
}

async function expectInputError(promise: Promise<unknown>, fields: Record<string, RegExp>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalendarInputError);
  for (const [field, message] of Object.entries(fields)) expect((error as CalendarInputError).fields[field]).toMatch(message);
}

describe('reading what an administrator types', () => {
  it('reads a GOV.UK date input, naming the boxes that are wrong', () => {
    expect(dateFromParts({ day: '29', month: '12', year: '2026' })).toEqual({ ok: true, date: '2026-12-29' });
    expect(dateFromParts({ day: ' 1 ', month: 'Dec', year: '2026' })).toEqual({ ok: true, date: '2026-12-01' });
    expect(dateFromParts({ day: '', month: '', year: '' })).toMatchObject({ ok: false, message: 'Enter the date', parts: ['day', 'month', 'year'] });
    expect(dateFromParts({ day: '29', month: '', year: '' })).toMatchObject({ message: 'Date must include a month and year', parts: ['month', 'year'] });
    expect(dateFromParts({ day: '29', month: '13', year: '2026' })).toMatchObject({ message: 'Date must be a real date', parts: ['month'] });
    expect(dateFromParts({ day: '31', month: '4', year: '2026' })).toMatchObject({ message: 'Date must be a real date', parts: ['day'] });
    expect(dateFromParts({ day: '29', month: '2', year: '2027' })).toMatchObject({ ok: false, parts: ['day'] });
    expect(dateFromParts({ day: '29', month: '2', year: '2028' })).toEqual({ ok: true, date: '2028-02-29' });
    expect(dateFromParts({ day: '1', month: '1', year: '26' })).toMatchObject({ message: 'Year must include 4 numbers', parts: ['year'] });
    expect(dateFromParts({ day: '1', month: '1', year: '2101' })).toMatchObject({ message: /between 1 January 2000 and 31 December 2100/ });
  });

  it('reads times of day in the forms people write them', () => {
    expect(['8:30', '08:30', '8.30', '0830'].map(parseTimeOfDay)).toEqual(['08:30', '08:30', '08:30', '08:30']);
    expect(['', '24:00', '12:60', 'noon', '8'].map(parseTimeOfDay)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('checks opening hours field by field', () => {
    const result = checkOpeningHours({
      hours: { ...HOURS, monday: { opens: '', closes: '17:00' }, tuesday: { opens: '17:00', closes: '09:00' }, friday: { opens: '8:30', closes: 'late' } },
      cutOffTime: '07:00',
      reason: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The cut-off is a valid time; whether it is after opening can only be judged once every day's hours are.
    expect(result.errors).toEqual({
      'monday-opens': 'Enter the time the council opens on Monday',
      'tuesday-closes': 'Tuesday’s closing time must be after its opening time',
      'friday-closes': 'Friday’s closing time must be a time like 17:00',
      reason: 'Enter the reason the hours are changing',
    });
    const early = checkOpeningHours({ hours: HOURS, cutOffTime: '08:00', reason: 'x' });
    expect(early).toMatchObject({ ok: false, errors: { cutOffTime: 'Cut-off time must be after the council opens every day' } });
  });

  it('checks the calculator’s input, and reads a time in London time', () => {
    const ok = checkCalculation({ day: '2', month: '4', year: '2026', time: '17:30', days: '5' });
    expect(ok).toEqual({ ok: true, value: { receivedAt: new Date('2026-04-02T16:30:00Z'), days: 5 } });
    const bad = checkCalculation({ day: '', month: '4', year: '2026', time: 'soon', days: '-1' });
    expect(bad).toMatchObject({ ok: false, dateParts: ['day'], errors: { received: 'Date received must include a day', time: /like 14:30/, days: /from 0 to 250/ } });
  });
});

forEachEngine('the working calendar', (use) => {
  let db: Db;
  beforeAll(async () => {
    db = use().db;
    await setUpCouncil(db, admin, { ...DEMO_COUNCIL, nation: 'england' });
  });

  it('is the nation’s bank holidays and the default opening hours until anything is added, recorded as a first version', async () => {
    const working = await getWorkingCalendar(db);
    expect(working.calendar).toMatchObject({ nation: 'england', closureDays: [], extraHolidays: [], cutOffTime: undefined });
    expect(working.calendar.openingHours).toEqual({
      monday: { open: '08:30', close: '17:00' },
      tuesday: { open: '08:30', close: '17:00' },
      wednesday: { open: '08:30', close: '17:00' },
      thursday: { open: '08:30', close: '17:00' },
      friday: { open: '08:30', close: '16:30' },
    });
    expect(addWorkingDays(working.calendar, received, 5).dueDate).toBe('2026-04-13');
    const version = await getCalendarVersion(db, working.version.id);
    expect(version).toMatchObject({ fingerprint: working.calendar.fingerprint, reason: 'Calendar recorded for the first time', createdBy: 'CharterDesk' });
    expect(version?.config).toMatchObject({ nation: 'england', closureDays: [], cutOffTime: null });
  });

  it('builds the Calendar once per fingerprint, and does not record a version when nothing changed', async () => {
    const first = await getWorkingCalendar(db);
    const again = await getWorkingCalendar(db);
    expect(again.calendar).toBe(first.calendar);
    expect(again.version).toEqual(first.version);
  });

  it('moves due dates when a closure day is added, with a new version, an audit event and the who and why kept', async () => {
    const before = await getWorkingCalendar(db);
    const after = await addCalendarDay(db, admin, { date: '2026-04-08', kind: 'closure', reason: 'Office move' });
    expect(after.calendar.closureDays).toEqual(['2026-04-08']);
    expect(after.version.id).not.toBe(before.version.id);
    expect(after.version.fingerprint).not.toBe(before.version.fingerprint);
    expect(addWorkingDays((await getWorkingCalendar(db)).calendar, received, 5).dueDate).toBe('2026-04-14');

    const day = await db.selectFrom('calendar_day').select(['kind', 'reason', 'added_by_id', 'added_by_label']).executeTakeFirstOrThrow();
    expect(day).toEqual({ kind: 'closure', reason: 'Office move', added_by_id: admin.id, added_by_label: 'Alex Morgan' });
    const version = await getCalendarVersion(db, after.version.id);
    expect(version).toMatchObject({ createdBy: 'Alex Morgan', reason: 'Added closure day Wednesday 8 April 2026: Office move' });
    expect(version?.config.closureDays).toEqual(['2026-04-08']);
    const audit = await db.selectFrom('audit_event').selectAll().where('action', '=', 'calendar.day_added').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: 'Alex Morgan', subject_type: 'calendar_day', subject_id: '2026-04-08' });
    expect(audit[0]!.detail).toMatchObject({ kind: 'closure', reason: 'Office move', calendarVersion: after.version.id, fingerprint: after.version.fingerprint });
  });

  it('an extra holiday counts like a closure day, and is kept apart from closures', async () => {
    const after = await addCalendarDay(db, admin, { date: '2026-04-09', kind: 'extra_holiday', reason: 'State occasion' });
    expect(after.calendar.extraHolidays).toEqual(['2026-04-09']);
    expect(addWorkingDays(after.calendar, received, 5).dueDate).toBe('2026-04-15');
  });

  it('refuses duplicates, weekends, bank holidays, bad dates and missing reasons, saving nothing', async () => {
    const before = await counts(db);
    const version = (await getWorkingCalendar(db)).version;
    await expectInputError(addCalendarDay(db, admin, { date: '2026-04-08', kind: 'closure', reason: 'Again' }), { date: /Wednesday 8 April 2026 is already a closure day/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2026-04-08', kind: 'extra_holiday', reason: 'Again' }), { date: /already a closure day/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2026-04-11', kind: 'closure', reason: 'Saturday' }), { date: /Saturday, which is not a working day/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2026-04-06', kind: 'closure', reason: 'Easter' }), { date: /already a bank holiday in England \(Easter Monday\)/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2026-02-30', kind: 'closure', reason: 'x' }), { date: /real date between 2000 and 2100/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2101-01-03', kind: 'closure', reason: 'x' }), { date: /between 2000 and 2100/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2026-05-05', kind: 'holiday', reason: '   ' }), { kind: /Choose whether/, reason: /Enter the reason/ });
    await expectInputError(addCalendarDay(db, admin, { date: '2026-05-05', kind: 'closure', reason: 'x'.repeat(201) }), { reason: /200 characters or fewer/ });
    // All or nothing: the second day's problem undoes the first day.
    await expectInputError(
      addCalendarDays(db, admin, [
        { date: '2026-05-05', kind: 'closure', reason: 'Fine' },
        { date: '2026-04-08', kind: 'closure', reason: 'Duplicate' },
      ]),
      { date: /already a closure day/ },
    );
    await expectInputError(
      addCalendarDays(db, admin, [
        { date: '2026-05-05', kind: 'closure', reason: 'Fine' },
        { date: '2026-05-05', kind: 'closure', reason: 'Twice' },
      ]),
      { date: /listed twice/ },
    );
    expect(await counts(db)).toEqual(before);
    expect((await getWorkingCalendar(db)).version).toEqual(version);
  });

  it('removes a day with a reason, as a new version, and due dates move back', async () => {
    await expectInputError(removeCalendarDay(db, admin, '2026-04-09', { reason: '' }), { reason: /Enter why/ });
    await expect(removeCalendarDay(db, admin, '2026-04-10', { reason: 'Not there' })).rejects.toThrow(CalendarDayNotFoundError);
    await expect(removeCalendarDay(db, admin, 'not-a-date', { reason: 'Nonsense' })).rejects.toThrow(CalendarDayNotFoundError);
    const before = await getWorkingCalendar(db);
    const after = await removeCalendarDay(db, admin, '2026-04-09', { reason: 'Announced in error' });
    expect(after.calendar.extraHolidays).toEqual([]);
    expect(after.version.fingerprint).not.toBe(before.version.fingerprint);
    expect(addWorkingDays(after.calendar, received, 5).dueDate).toBe('2026-04-14');
    expect(await getCalendarVersion(db, after.version.id)).toMatchObject({ reason: 'Removed extra holiday Thursday 9 April 2026: Announced in error' });
    const audit = await db.selectFrom('audit_event').select('detail').where('action', '=', 'calendar.day_removed').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ kind: 'extra_holiday', reason: 'Announced in error', addedBecause: 'State occasion' });
  });

  it('changes opening hours and the cut-off, which moves a late receipt to the next working day', async () => {
    // Received Wednesday 1 April 2026 at 16:15 BST: before the 17:00 closing time.
    const lateAfternoon = new Date('2026-04-01T15:15:00Z');
    const before = await getWorkingCalendar(db);
    expect(addWorkingDays(before.calendar, lateAfternoon, 0).startDate).toBe('2026-04-01');
    const after = await changeOpeningHours(db, admin, { hours: { ...HOURS, friday: { opens: '9:00', closes: '16:00' } }, cutOffTime: '16:00', reason: 'New hours from April' });
    expect(after.calendar.cutOffTime).toBe('16:00');
    expect(after.calendar.openingHours?.friday).toEqual({ open: '09:00', close: '16:00' });
    expect(addWorkingDays(after.calendar, lateAfternoon, 0).startDate).toBe('2026-04-02');
    expect(after.version.fingerprint).not.toBe(before.version.fingerprint);
    const audit = await db.selectFrom('audit_event').select('detail').where('action', '=', 'calendar.hours_changed').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ reason: 'New hours from April', after: { cutOffTime: '16:00' } });
  });

  it('saving the same hours again writes no version', async () => {
    const before = await counts(db);
    const same = await changeOpeningHours(db, admin, { hours: { ...HOURS, friday: { opens: '09:00', closes: '16:00' } }, cutOffTime: '16:00', reason: 'Checking' });
    expect(same.version).toEqual((await getWorkingCalendar(db)).version);
    expect(await counts(db)).toEqual(before);
  });

  it('refuses bad opening hours with a message per field, saving nothing', async () => {
    const before = await counts(db);
    await expectInputError(changeOpeningHours(db, admin, { hours: { ...HOURS, wednesday: { opens: '18:00', closes: '09:00' } }, cutOffTime: '', reason: 'x' }), {
      'wednesday-closes': /after its opening time/,
    });
    await expectInputError(changeOpeningHours(db, admin, { hours: {}, cutOffTime: null, reason: 'x' }), { 'monday-opens': /Enter the time/ });
    expect(await counts(db)).toEqual(before);
  });

  it('every version is kept and can rebuild the calendar it names', async () => {
    const versions = await db.selectFrom('calendar_version').select(['id', 'fingerprint']).orderBy('id').execute();
    expect(versions.length).toBe(5);
    // Each change gave a different calendar from the one before it.
    for (let i = 1; i < versions.length; i++) expect(versions[i]!.fingerprint).not.toBe(versions[i - 1]!.fingerprint);
    for (const v of versions) expect((await calendarOfVersion(db, v.id))?.fingerprint).toBe(v.fingerprint);
    expect(await calendarOfVersion(db, '999999')).toBeUndefined();
  });

  describe('listeners', () => {
    let unregister: (() => void) | undefined;
    afterEach(() => unregister?.());

    it('are called inside the change’s transaction, seeing the new day and the new version', async () => {
      const seen: { change: CalendarChanged; inTransaction: boolean; days: number; versionRow: boolean }[] = [];
      unregister = onCalendarChanged('test', async (change) => {
        const day = await change.db.selectFrom('calendar_day').select('reason').where('reason', '=', 'Staff training').execute();
        const row = await change.db.selectFrom('calendar_version').select('id').where('id', '=', change.current.version.id).executeTakeFirst();
        seen.push({ change, inTransaction: change.db.isTransaction, days: day.length, versionRow: !!row });
      });
      const before = await getWorkingCalendar(db);
      const after = await addCalendarDay(db, admin, { date: '2026-06-03', kind: 'closure', reason: 'Staff training' });
      expect(seen).toHaveLength(1);
      const [call] = seen;
      expect(call).toMatchObject({ inTransaction: true, days: 1, versionRow: true });
      expect(call!.change).toMatchObject({ kind: 'day_added', dates: ['2026-06-03'], previous: before.version, actor: admin });
      expect(call!.change.current.version).toEqual(after.version);
      expect(call!.change.reason).toBe('Added closure day Wednesday 3 June 2026: Staff training');
    });

    it('that throw undo the whole change: no day, no version, no audit event', async () => {
      unregister = onCalendarChanged('test', () => {
        throw new Error('recalculation failed');
      });
      const before = await counts(db);
      const version = (await getWorkingCalendar(db)).version;
      await expect(addCalendarDay(db, admin, { date: '2026-06-04', kind: 'closure', reason: 'Staff training' })).rejects.toThrow('recalculation failed');
      await expect(removeCalendarDay(db, admin, '2026-06-03', { reason: 'Cancelled' })).rejects.toThrow('recalculation failed');
      expect(await counts(db)).toEqual(before);
      unregister();
      expect((await getWorkingCalendar(db)).version).toEqual(version);
    });

    it('registered twice under one name are called once', async () => {
      let calls = 0;
      onCalendarChanged('test', () => void calls++);
      unregister = onCalendarChanged('test', () => void calls++);
      await removeCalendarDay(db, admin, '2026-06-03', { reason: 'Cancelled' });
      expect(calls).toBe(1);
    });
  });

  it('records a new version in the council’s transaction when the nation changes, and due dates follow the new nation', async () => {
    const seen: CalendarChanged[] = [];
    const unregister = onCalendarChanged('test', (change) => void seen.push(change));
    try {
      const council = await getCouncil(db);
      await changeCouncilSettings(db, admin, { ...DEMO_COUNCIL, name: council.name, nation: 'scotland' }, council.version);
    } finally {
      unregister();
    }
    expect(seen.map((c) => [c.kind, c.reason, c.actor.label])).toEqual([['nation_changed', 'Nation changed from England to Scotland', 'Alex Morgan']]);
    const working = await getWorkingCalendar(db);
    expect(working.version).toEqual(seen[0]!.current.version);
    expect(working.calendar.nation).toBe('scotland');
    // Scotland has no Easter Monday: received 2 April 2026, 5 working days, with the 8 April closure.
    expect(addWorkingDays(working.calendar, received, 5).dueDate).toBe('2026-04-13');
  });

  it('records a version on first use when the calendar changed behind its back (here, the nation in SQL)', async () => {
    await db.updateTable('council').set({ nation: 'wales' }).execute();
    const working = await getWorkingCalendar(db);
    expect(working.calendar.nation).toBe('wales');
    expect(await getCalendarVersion(db, working.version.id)).toMatchObject({ reason: 'Nation changed from Scotland to Wales', createdBy: 'CharterDesk' });
    expect((await getWorkingCalendar(db)).version).toEqual(working.version);
  });

  it('serialises concurrent changes, so the latest version holds every day added', async () => {
    await Promise.all([
      addCalendarDay(db, admin, { date: '2026-07-01', kind: 'closure', reason: 'One' }),
      addCalendarDay(db, admin, { date: '2026-07-02', kind: 'closure', reason: 'Two' }),
      addCalendarDay(db, admin, { date: '2026-07-03', kind: 'closure', reason: 'Three' }),
    ]);
    const working = await getWorkingCalendar(db);
    expect(working.calendar.closureDays).toEqual(expect.arrayContaining(['2026-07-01', '2026-07-02', '2026-07-03']));
    const latest = await getCalendarVersion(db, working.version.id);
    expect(latest?.config.closureDays).toEqual(working.calendar.closureDays);
  });

  it('the calculator says which weekdays did not count, and the version it used', async () => {
    // Received Thursday 2 April 2026 in Wales: Good Friday, Easter Monday and the 8 April closure are skipped.
    const result = await checkDueDate(db, received, 5);
    expect(result.due.dueDate).toBe('2026-04-14');
    expect(result.notCounted).toEqual([
      { date: '2026-04-03', why: 'bank holiday: Good Friday' },
      { date: '2026-04-06', why: 'bank holiday: Easter Monday' },
      { date: '2026-04-08', why: 'closure day: Office move' },
    ]);
    expect(result.version).toEqual((await getWorkingCalendar(db)).version);
  });

  it('gives the calendar page this year’s and next year’s bank holidays, and days from this year on', async () => {
    const overview = await getCalendarOverview(db, '2026-11-02');
    expect(overview.bankHolidays.map((b) => b.year)).toEqual([2026, 2027]);
    expect(overview.bankHolidays[1]!.holidays).toEqual(bankHolidays('wales', 2027));
    expect(overview.closureDays.map((d) => d.date)).toContain('2026-04-08');
    expect((await getCalendarOverview(db, '2027-01-04')).closureDays).toEqual([]);
    expect(overview.versions[0]!.id).toBe(overview.working.version.id);
  });
});

forEachEngine('the demo council’s calendar', (use) => {
  it('closes the working days between Christmas and New Year, in one version', async () => {
    const { db } = use();
    await setUpCouncil(db, admin, DEMO_COUNCIL);
    const working = await addCalendarDays(db, admin, DEMO_CLOSURE_DAYS);
    expect(working.calendar.closureDays).toEqual(DEMO_CLOSURE_DAYS.map((d) => d.date));
    // Received Thursday 24 December 2026: Christmas Day, the Boxing Day substitute, 29–31 December
    // and New Year's Day are not counted; day 0 is the 24th, day 1 Monday 4 January 2027.
    expect(addWorkingDays(working.calendar, new Date('2026-12-24T10:00:00Z'), 1).dueDate).toBe('2027-01-04');
    expect(await db.selectFrom('calendar_version').select('id').execute()).toHaveLength(2);
  });
});
