// The audit trail as a data protection officer uses it, over HTTP on both engines: "who looked at
// Mrs X's record?" answers with views of her customer record and of her cases, by named staff,
// and nothing about anyone else; filters by staff member, action and London dates; every event
// reachable page by page; the CSV download holds the same rows with formulas defused; mistakes in
// the filter get an error summary; and only managers and administrators may look.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { getRequestType } from '../../features/charter/service.js';
import { raiseCase } from '../../features/cases/service.js';
import { createCustomer, mergeCustomers } from '../../features/customers/service.js';
import { systemActor } from './audit.js';

const NOW = new Date('2026-11-26T10:00:00Z');

/** The text of each results row's cells, tags stripped. */
function rows(html: string): string[][] {
  const body = html.split('<tbody class="govuk-table__body">')[1]?.split('</tbody>')[0] ?? '';
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()),
  );
}
const olderLink = (html: string) => /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&');
const summaryLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);

/** A CSV as cells (quotes understood), header row first. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted || (c !== '"' && c !== ',' && c !== '\r')) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else {
      endCell();
      out.push(row);
      row = [];
      i++; // the \n after \r
    }
  }
  return out;
}

forEachEngine('the audit trail pages', (use, engine) => {
  let t: TestApp;
  let dpo: Client;
  const db = () => t.database.db;
  const ids = { ruth: '', ann: '', ruthCase: '', ruthRef: '', annCase: '', annRef: '', priya: '', tom: '', ruthDuplicate: '' };

  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW, database: use() });
    const ctx = { db: db(), actor: systemActor, now: NOW };
    const ruth = await createCustomer(ctx, { kind: 'person', title: 'Mrs', givenName: 'Ruth', familyName: 'Okonkwo-Hale', emails: ['ruth.oh@example.com'] });
    const duplicate = await createCustomer(ctx, { kind: 'person', givenName: 'R', familyName: 'Okonkwo-Hale', emails: ['r.oh@example.com'] });
    const ann = await createCustomer(ctx, { kind: 'person', givenName: 'Annabel', familyName: 'Other', emails: ['annabel@example.com'] });
    for (const email of ['jo.one@example.com', 'jo.two@example.com']) await createCustomer(ctx, { kind: 'person', givenName: 'Jo', familyName: 'Bloggs', address: email === 'jo.one@example.com' ? '1 Mill Lane' : '9 Park Road', emails: [email] });
    const requestType = await getRequestType(db(), { code: 'missed-bin' });
    const raise = (customerId: string) =>
      raiseCase({ db: db(), actor: systemActor, now: NOW, publicUrl: 'https://brackenfield.example' }, {
        requestType, channel: 'phone', customerId, receivedAt: NOW, contact: { name: 'Caller' },
        answers: { bin_type: 'recycling', collection_date: '2026-11-25', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' } },
      });
    const [ruthCase, annCase] = [await raise(ruth.id), await raise(ann.id)];
    Object.assign(ids, { ruth: ruth.id, ann: ann.id, ruthDuplicate: duplicate.id, ruthCase: ruthCase.id, ruthRef: ruthCase.reference, annCase: annCase.id, annRef: annCase.reference });
    const users = await db().selectFrom('staff_user').select(['id', 'email']).execute();
    ids.priya = users.find((u) => u.email === 'advisor@brackenfield.example')!.id;
    ids.tom = users.find((u) => u.email === 'officer@brackenfield.example')!.id;

    // Priya opens Ruth's record and her case, and Annabel's; Tom opens Ruth's case and the duplicate record.
    const priya = new Client(t.app);
    await priya.signIn('advisor@brackenfield.example');
    for (const url of [`/staff/customers/${ruth.id}`, `/staff/cases/${ruthCase.reference}`, `/staff/customers/${ann.id}`, `/staff/cases/${annCase.reference}`]) {
      expect((await priya.get(url)).statusCode).toBe(200);
    }
    const tom = new Client(t.app);
    await tom.signIn('officer@brackenfield.example');
    expect((await tom.get(`/staff/cases/${ruthCase.reference}`)).statusCode).toBe(200);
    expect((await tom.get(`/staff/customers/${duplicate.id}`)).statusCode).toBe(200);
    // The duplicate turns out to be Ruth: what was seen of it is about her too.
    await mergeCustomers(ctx, { sourceId: duplicate.id, targetId: ruth.id });

    dpo = new Client(t.app);
    await dpo.signIn('manager@brackenfield.example');
  });
  afterAll(() => t.close());

  it('answers who looked at a customer’s record: her record and her cases, by name, nothing about anyone else', async () => {
    const page = await dpo.get(`/staff/audit?customer=${ids.ruth}`);
    expect(page.statusCode).toBe(200);
    const found = rows(page.body);
    const views = found.filter((r) => r[2] === 'Viewed customer record' || r[2] === 'Viewed a case').map((r) => `${r[1]} | ${r[2]} | ${r[3]}`);
    expect(views.sort()).toEqual(
      [
        'Priya Shah | Viewed customer record | Customer: Mrs Ruth Okonkwo-Hale',
        `Priya Shah | Viewed a case | Case: ${ids.ruthRef} Customer: Mrs Ruth Okonkwo-Hale`,
        `Tom Evans | Viewed a case | Case: ${ids.ruthRef} Customer: Mrs Ruth Okonkwo-Hale`,
        'Tom Evans | Viewed customer record | Customer: R Okonkwo-Hale',
      ].sort(),
    );
    expect(page.body).not.toContain('Annabel');
    expect(page.body).not.toContain(ids.annRef);
    expect(page.body).not.toContain(ids.ruthCase);
    expect(page.body).toContain(`href="/staff/cases/${ids.ruthRef}"`);
    // Times in London, and the customer named in the heading.
    expect(found[0]?.[0]).toMatch(/^\d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)$/);
    expect(page.body).toContain('about Mrs Ruth Okonkwo-Hale');

    // Looking was itself recorded, as about her.
    const seen = await db().selectFrom('audit_event').selectAll().where('action', '=', 'audit.viewed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(seen).toMatchObject({ actor_label: 'Sam Whitfield', subject_type: 'customer', subject_id: ids.ruth, customer_id: ids.ruth, detail: { filter: { customer: ids.ruth } } });
  });

  it('finds the customer by name or email typed in the filter, and asks which one when several match', async () => {
    const byEmail = await dpo.get('/staff/audit?customerName=ruth.oh%40example.com');
    expect(byEmail.body).toContain('about Mrs Ruth Okonkwo-Hale');
    expect(rows(byEmail.body).some((r) => r[2] === 'Viewed customer record')).toBe(true);

    const several = await dpo.get(`/staff/audit?customerName=Jo+Bloggs&staff=${ids.priya}`);
    expect(several.statusCode).toBe(200);
    expect(several.body).toContain('Choose the customer');
    expect(several.body).toContain('1 Mill Lane, jo.one@example.com');
    expect(several.body).toContain('9 Park Road, jo.two@example.com');
    expect(rows(several.body)).toEqual([]);
    const choices = [...several.body.matchAll(/<a href="(\/staff\/audit\?[^"]+)" class="govuk-link">Jo Bloggs<\/a>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(choices).toHaveLength(2);
    // The choice keeps the rest of the filter.
    expect(choices[0]).toMatch(new RegExp(`^/staff/audit\\?staff=${ids.priya}&customer=[0-9a-f-]{36}$`));
    const chosen = await dpo.get(choices[0]!);
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).toContain('No events');

    const nobody = await dpo.get('/staff/audit?customerName=Zebedee+Nobody');
    expect(nobody.statusCode).toBe(400);
    expect(summaryLinks(nobody.body)[0]).toContain('#customerName No customer matches');
  });

  it('filters by staff member, by action and by case', async () => {
    const byStaff = rows((await dpo.get(`/staff/audit?staff=${ids.tom}`)).body);
    expect(byStaff.length).toBeGreaterThanOrEqual(3);
    expect(new Set(byStaff.map((r) => r[1]))).toEqual(new Set(['Tom Evans']));

    const byAction = rows((await dpo.get('/staff/audit?action=case.viewed')).body);
    expect(byAction.map((r) => r[3]?.split(' Customer')[0]).sort()).toEqual([`Case: ${ids.annRef}`, `Case: ${ids.ruthRef}`, `Case: ${ids.ruthRef}`].sort());
    expect(new Set(byAction.map((r) => r[2]))).toEqual(new Set(['Viewed a case']));

    const byCase = rows((await dpo.get(`/staff/audit?case=${ids.annRef.toLowerCase()}&action=case.viewed`)).body);
    expect(byCase.map((r) => `${r[1]} ${r[3]}`)).toEqual([`Priya Shah Case: ${ids.annRef} Customer: Annabel Other`]);
  });

  it('filters by dates as London days', async () => {
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time).
    const at = ['2026-03-01T12:00:00Z', '2026-03-31T23:30:00Z', '2026-05-01T09:00:00Z'];
    await db()
      .insertInto('audit_event')
      .values(at.map((when) => ({ at: when, actor_type: 'staff', actor_id: ids.priya, actor_label: 'Priya Shah', action: 'customer.viewed', subject_type: 'customer', subject_id: ids.ruth, detail: '{}' })))
      .execute();
    const between = async (from: string, to: string) => {
      const [fd, fm, fy] = from.split(' ');
      const [td, tm, ty] = to.split(' ');
      const page = await dpo.get(`/staff/audit?customer=${ids.ruth}&from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`);
      expect(page.statusCode).toBe(200);
      return rows(page.body).map((r) => r[0]);
    };
    expect(await between('1 4 2026', '30 4 2026')).toEqual(['1 April 2026 at 12:30am']);
    expect(await between('1 3 2026', '31 3 2026')).toEqual(['1 March 2026 at 12:00pm']);
    expect(await between('1 March 2026', '1 5 2026')).toHaveLength(3);
  });

  it('shows an error summary for a date that is not real, an end before the start and an unknown case', async () => {
    const bad = await dpo.get('/staff/audit?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026');
    expect(bad.statusCode).toBe(400);
    expect(summaryLinks(bad.body)).toEqual(['#from-day Start date must be a real date']);
    expect(bad.body).toContain('value="31"');

    const backwards = await dpo.get('/staff/audit?from-day=2&from-month=2&from-year=2026&to-day=1&to-month=2&to-year=2026&case=nonsense');
    expect(backwards.statusCode).toBe(400);
    expect(summaryLinks(backwards.body)).toEqual(['#case Enter a case reference, like 7KQM-3XW9', '#to-day End date must be the same as or after the start date']);
    expect(backwards.body).toContain('Error: Audit trail');
    expect(rows(backwards.body)).toEqual([]);

    const unknownCase = await dpo.get('/staff/audit?case=2222-2222');
    expect(summaryLinks(unknownCase.body)).toEqual(['#case No case has the reference 2222-2222']);
    const missingYear = await dpo.get('/staff/audit?to-day=2&to-month=2');
    expect(summaryLinks(missingYear.body)).toEqual(['#to-year End date must include a year']);
    const tampered = await dpo.get('/staff/audit?staff=not-a-user');
    expect(summaryLinks(tampered.body)).toEqual(['#staff Choose a staff member from the list']);
  });

  it('pages through every event, beyond the first 200', async () => {
    await db()
      .insertInto('audit_event')
      .values(Array.from({ length: 260 }, (_, i) => ({ actor_type: 'system', actor_label: 'CharterDesk', action: 'test.bulk', detail: JSON.stringify({ n: i }) })))
      .execute();
    let url: string | undefined = '/staff/audit?action=test.bulk';
    const seen: string[] = [];
    let pages = 0;
    while (url) {
      const page = await dpo.get(url);
      if (pages === 0) expect(page.body).toContain('260 events');
      seen.push(...rows(page.body).map((r) => r[2] ?? ''));
      url = olderLink(page.body);
      pages++;
    }
    expect(pages).toBe(6);
    expect(seen).toHaveLength(260);
    // Unknown codes are shown as they are.
    expect(new Set(seen)).toEqual(new Set(['test.bulk']));
    // The newest first: the last page holds the first ten recorded.
    const all = await db().selectFrom('audit_event').select('id').where('action', '=', 'test.bulk').orderBy('id', 'desc').execute();
    expect(all).toHaveLength(260);
    // A tampered page link is the first page, not an error.
    for (const cursor of ['9999999999999999999', 'abc', '-1']) expect((await dpo.get(`/staff/audit?action=test.bulk&older=${cursor}`)).statusCode).toBe(200);
  });

  it('downloads the filtered result as CSV, formulas defused, and records the download', async () => {
    await db()
      .insertInto('audit_event')
      .values(['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)'].map((label) => ({ actor_type: 'staff', actor_label: label, action: 'customer.viewed', subject_type: 'customer', subject_id: ids.ruth, detail: '{}' })))
      .execute();
    const page = await dpo.get(`/staff/audit?customer=${ids.ruth}`);
    const href = /href="(\/staff\/audit\/download\?[^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBe(`/staff/audit/download?customer=${ids.ruth}`);
    const before = await db().selectFrom('audit_event').select('id').where('customer_id', 'in', [ids.ruth, ids.ruthDuplicate]).execute();
    const csv = await dpo.get(href!);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...lines] = parseCsv(csv.body);
    expect(header?.slice(0, 5)).toEqual(['When (London time)', 'When (UTC)', 'Who', 'Kind of actor', 'What']);
    // Every event about her (more than a page), none about anyone else.
    expect(lines).toHaveLength(before.length);
    expect(new Set(lines.map((l) => l[10]))).toEqual(new Set([ids.ruth, ids.ruthDuplicate]));
    expect(csv.body).not.toContain('Annabel');
    const who = lines.map((l) => l[2]);
    expect(who).toEqual(expect.arrayContaining(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1+1", "'-2+3", "'@SUM(A1)", 'Priya Shah', 'Tom Evans']));
    expect(lines.find((l) => l[4] === 'Viewed a case')?.[6]).toBe(`Case: ${ids.ruthRef}`);

    const exported = await db().selectFrom('audit_event').selectAll().where('action', '=', 'audit.exported').executeTakeFirstOrThrow();
    expect(exported).toMatchObject({ actor_label: 'Sam Whitfield', subject_id: ids.ruth, detail: { filter: { customer: ids.ruth } } });
    // The download stops at its own event.
    expect(lines.map((l) => l[5])).not.toContain('audit.exported');
  });

  it('is for managers and administrators only; the customer page links to it for them', async () => {
    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    expect((await advisor.get('/staff/audit')).statusCode).toBe(403);
    expect((await advisor.get(`/staff/audit/download?customer=${ids.ruth}`)).statusCode).toBe(403);
    expect((await advisor.get(`/staff/customers/${ids.ruth}`)).body).not.toContain('/staff/audit?customer=');
    expect((await dpo.get(`/staff/customers/${ids.ruth}`)).body).toContain(`href="/staff/audit?customer=${ids.ruth}"`);
    expect((await new Client(t.app).get('/staff/audit')).statusCode).toBe(303);
  });
});
