// The working calendar's pages as a browser sends them: who may see and change what, CSRF, field
// errors that keep what was typed, and changes that show up on the page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';

const NOW = new Date('2026-11-02T10:00:00Z');
const HOURS_FORM = {
  'monday-opens': '08:30',
  'monday-closes': '17:00',
  'tuesday-opens': '08:30',
  'tuesday-closes': '17:00',
  'wednesday-opens': '08:30',
  'wednesday-closes': '17:00',
  'thursday-opens': '08:30',
  'thursday-closes': '17:00',
  'friday-opens': '08:30',
  'friday-closes': '16:30',
  cutOffTime: '',
};

forEachEngine('the working calendar pages', (use, engine) => {
  let t: TestApp;
  const dayCount = async () => (await t.database.db.selectFrom('calendar_day').select('date').execute()).length;
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
  });
  afterAll(() => t.close());

  async function admin(): Promise<Client> {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    return client;
  }

  it('sends signed-out visitors to sign in, for pages and forms alike', async () => {
    const page = await t.app.inject('/staff/calendar');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fstaff%2Fcalendar');
    const form = await t.app.inject({ method: 'POST', url: '/staff/calendar/days/new', payload: {} });
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe('/sign-in');
    expect(use().engine).toBe(engine);
  });

  it('shows every member of staff the calendar: bank holidays, the demo closure days, hours and the version', async () => {
    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    const page = await advisor.get('/staff/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Working calendar</h1>');
    expect(page.body).toContain('href="/staff/calendar"');
    for (const text of ['Bank holidays in England', 'Friday 25 December 2026', 'Monday 28 December 2026', 'Monday 3 May 2027', 'Tuesday 29 December 2026', 'Friday 31 December 2027', 'Council offices closed between Christmas and New Year', 'Mon–Thu 08:30–17:00, Fri 08:30–16:30']) {
      expect(page.body).toContain(text);
    }
    // Days before this year are history, in the version that added them but not in the tables.
    expect(page.body).toContain('<td class="govuk-table__cell">Tuesday 29 December 2026</td>');
    expect(page.body).not.toContain('<td class="govuk-table__cell">Monday 29 December 2025</td>');
    expect(page.body).toMatch(/fingerprint <code>cal-[0-9a-f]{16}<\/code>/);
    // Advisors see it, but are not offered changes.
    expect(page.body).not.toContain('href="/staff/calendar/days/new"');
    expect(page.body).not.toContain('/remove"');
  });

  it('lets an advisor use the calculator but not change the calendar', async () => {
    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    const calculated = await advisor.get('/staff/calendar/calculator?received-day=24&received-month=12&received-year=2026&time=&days=1');
    expect(calculated.statusCode).toBe(200);
    expect(calculated.body).toContain('Due Monday 4 January 2027');
    expect(calculated.body).toContain('Tuesday 29 December 2026: closure day: Council offices closed between Christmas and New Year');
    expect(calculated.body).toContain('Friday 1 January 2027: bank holiday: New Year');
    for (const url of ['/staff/calendar/days/new', '/staff/calendar/hours', '/staff/calendar/days/2026-12-29/remove']) {
      expect((await advisor.get(url)).statusCode, url).toBe(403);
    }
    await advisor.get('/staff/calendar');
    const before = await dayCount();
    const refused = await advisor.post('/staff/calendar/days/new', { 'date-day': '3', 'date-month': '11', 'date-year': '2026', kind: 'closure', reason: 'Advisor tried' });
    expect(refused.statusCode).toBe(403);
    const removal = await advisor.post('/staff/calendar/days/2026-12-29/remove', { reason: 'Advisor tried' });
    expect(removal.statusCode).toBe(403);
    expect(await dayCount()).toBe(before);
  });

  it('refuses a form without its CSRF token, saving nothing', async () => {
    const client = await admin();
    await client.get('/staff/calendar/days/new');
    const before = await dayCount();
    const response = await client.post('/staff/calendar/days/new', { 'date-day': '3', 'date-month': '11', 'date-year': '2026', kind: 'closure', reason: 'Forged' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
    expect(await dayCount()).toBe(before);
  });

  it('adds a closure day after showing what was wrong, keeping what was typed', async () => {
    const client = await admin();
    const form = await client.get('/staff/calendar/days/new');
    expect(form.statusCode).toBe(200);
    const before = await dayCount();
    const bad = await client.post('/staff/calendar/days/new', { 'date-day': '4', 'date-month': '13', 'date-year': '2026', kind: 'closure', reason: 'Staff training day' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Error: Add a closure day or extra holiday');
    expect(bad.body).toContain('href="#date-month"');
    expect(bad.body).toContain('Date must be a real date');
    expect(bad.body).toMatch(/id="date-month" name="date-month" type="text" value="13"/);
    expect(bad.body).toMatch(/govuk-input--error" id="date-month"/);
    expect(bad.body).not.toMatch(/govuk-input--error" id="date-day"/);
    expect(bad.body).toContain('value="Staff training day"');
    expect(await dayCount()).toBe(before);

    const missing = await client.post('/staff/calendar/days/new', { 'date-day': '', 'date-month': '', 'date-year': '', reason: '' });
    expect(missing.statusCode).toBe(400);
    for (const href of ['#date-day', '#kind', '#reason']) expect(missing.body).toContain(`href="${href}"`);

    const good = await client.post('/staff/calendar/days/new', { 'date-day': '4', 'date-month': '11', 'date-year': '2026', kind: 'closure', reason: 'Staff training day' });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/staff/calendar?done=added&date=2026-11-04');
    const page = await client.get(good.headers.location!);
    expect(page.body).toContain('Wednesday 4 November 2026 has been added');
    expect(page.body).toContain('Staff training day');
    expect(await dayCount()).toBe(before + 1);

    const duplicate = await client.post('/staff/calendar/days/new', { 'date-day': '4', 'date-month': '11', 'date-year': '2026', kind: 'extra_holiday', reason: 'Again' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('Wednesday 4 November 2026 is already a closure day');
    expect(duplicate.body).toContain('href="#date-day"');
    const holiday = await client.post('/staff/calendar/days/new', { 'date-day': '25', 'date-month': 'December', 'date-year': '2026', kind: 'closure', reason: 'Christmas' });
    expect(holiday.body).toContain('already a bank holiday in England (Christmas Day)');
    expect(await dayCount()).toBe(before + 1);
  });

  it('removes a day only after confirmation with a reason', async () => {
    const client = await admin();
    const confirm = await client.get('/staff/calendar/days/2026-11-04/remove');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to remove Wednesday 4 November 2026?');
    const noReason = await client.post('/staff/calendar/days/2026-11-04/remove', { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#reason"');
    expect(noReason.body).toContain('Enter why the day is being removed');
    const removed = await client.post('/staff/calendar/days/2026-11-04/remove', { reason: 'Training moved online' });
    expect(removed.statusCode).toBe(303);
    const page = await client.get(removed.headers.location!);
    expect(page.body).toContain('Wednesday 4 November 2026 has been removed');
    expect(page.body).toContain('Removed closure day Wednesday 4 November 2026: Training moved online');
    expect(page.body).not.toContain('href="/staff/calendar/days/2026-11-04/remove"');
  });

  it('answers a day that is not in the calendar with a 404, not an error', async () => {
    const client = await admin();
    for (const url of ['/staff/calendar/days/2026-11-04/remove', '/staff/calendar/days/not-a-date/remove', '/staff/calendar/days/2026-02-31/remove']) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('Page not found');
    }
    await client.get('/staff/calendar');
    expect((await client.post('/staff/calendar/days/2026-11-04/remove', { reason: 'Gone' })).statusCode).toBe(404);
  });

  it('changes opening hours, with an error per field and what was typed kept', async () => {
    const client = await admin();
    const form = await client.get('/staff/calendar/hours');
    expect(form.body).toMatch(/id="friday-closes" name="friday-closes" type="text" (spellcheck="false" )?value="16:30"/);
    const bad = await client.post('/staff/calendar/hours', { ...HOURS_FORM, 'monday-opens': '9am', 'tuesday-closes': '07:00', reason: '' });
    expect(bad.statusCode).toBe(400);
    for (const href of ['#monday-opens', '#tuesday-closes', '#reason']) expect(bad.body).toContain(`href="${href}"`);
    expect(bad.body).toContain('Monday’s opening time must be a time like 08:30');
    expect(bad.body).toContain('value="9am"');
    const good = await client.post('/staff/calendar/hours', { ...HOURS_FORM, 'friday-closes': '16:00', cutOffTime: '15:30', reason: 'Winter hours' });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/staff/calendar?done=hours');
    const page = await client.get('/staff/calendar');
    expect(page.body).toContain('Mon–Thu 08:30–17:00, Fri 08:30–16:00');
    expect(page.body).toContain('Received after 15:30 counts from the next working day');
    expect(page.body).toContain('Opening hours changed: Winter hours');
    const same = await client.post('/staff/calendar/hours', { ...HOURS_FORM, 'friday-closes': '16:00', cutOffTime: '15:30', reason: 'Again' });
    expect(same.headers.location).toBe('/staff/calendar?done=unchanged');
  });

  it('the calculator explains what is wrong with its input, without a 500', async () => {
    const client = await admin();
    const empty = await client.get('/staff/calendar/calculator');
    expect(empty.statusCode).toBe(200);
    const bad = await client.get('/staff/calendar/calculator?received-day=2&received-month=&received-year=2026&time=25:00&days=lots');
    expect(bad.statusCode).toBe(400);
    for (const href of ['#received-month', '#time', '#days']) expect(bad.body).toContain(`href="${href}"`);
    const late = await client.get('/staff/calendar/calculator?received-day=1&received-month=12&received-year=2100&time=&days=250');
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('after 31 December 2100');
  });
});
