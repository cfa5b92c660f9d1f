// The contact log on both engines: logging on any channel (anonymous contacts too), the avoidable
// rule, composing inside a caller's transaction, the list a customer's single view and a case page
// show, the mail room's letter with its scan, first contact resolution and avoidable contact with
// known numbers in every grouping, and the council's locations.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { bootstrap } from '../../bootstrap.js';
import { loadDemoLocations } from '../../demo/locations.js';
import type { Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput } from '../../platform/errors.js';
import { createMemoryFileStore } from '../../platform/files/index.js';
import { getRequestType } from '../charter/service.js';
import { raiseCase } from '../cases/service.js';
import { quarterOf, readContactForm } from './model.js';
import { contactMeasures, createLocation, listContacts, listLocations, logContact, logLetter, updateLocation, type NewContact } from './service.js';

const NOW = new Date('2026-05-20T10:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('the contact form', () => {
  const body = (extra: Record<string, string>) => ({
    channel: 'phone', direction: 'inbound', outcome: 'resolved', avoidable: 'no', 'receivedDate-day': '20', 'receivedDate-month': '5', 'receivedDate-year': '2026', receivedTime: '10:00', ...extra,
  });

  it('reads minutes and seconds into seconds, and a contact earlier today', () => {
    const read = readContactForm(body({ durationMinutes: '4', durationSeconds: '30', reason: '  Asked about bin day ' }), NOW);
    expect(read.ok && read.value).toMatchObject({ channel: 'phone', durationSeconds: 270, reason: 'Asked about bin day', avoidable: false, receivedAt: new Date('2026-05-20T09:00:00Z') });
  });

  it('asks why an avoidable contact was avoidable, refuses a time in the future and says which radios are missing', () => {
    const read = readContactForm({ avoidable: 'yes', 'receivedDate-day': '20', 'receivedDate-month': '5', 'receivedDate-year': '2026', receivedTime: '12:00', caseReference: 'nope' }, NOW);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.summary.map((s) => s.text)).toEqual([
      'Select the channel', 'Select who made the contact', 'Select the outcome of the contact', 'Case reference must be like HN4K-7PQ2', 'Select why the contact was avoidable', 'Time of the contact must be now or earlier',
    ]);
    expect(read.errors.summary[0]?.href).toBe('#channel');
  });

  it('links a bad date to its first box', () => {
    const read = readContactForm(body({ 'receivedDate-day': '21' }), NOW);
    expect(!read.ok && read.errors.summary).toEqual([{ text: 'Date of the contact must be today or in the past', href: '#receivedDate-day' }]);
  });

  it('knows the quarter a day is in', () => {
    expect(quarterOf('2026-05-20')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterOf('2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
});

forEachEngine('the contact log', (use) => {
  let db: Db;
  let advisor: Actor;
  let advisorId = '';
  let customerId = '';
  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    await loadDemoLocations(db, { type: 'system', label: 'test' });
    const staff = await db.selectFrom('staff_user').select(['id', 'display_name']).where('email', '=', 'advisor@brackenfield.example').executeTakeFirstOrThrow();
    advisorId = staff.id;
    advisor = { type: 'staff', id: staff.id, label: staff.display_name };
    customerId = (await db.insertInto('customer').values({ kind: 'person', given_name: 'Alex', family_name: 'Reed', display_name: 'Alex Reed', search_name: 'alex reed' }).returning('id').executeTakeFirstOrThrow()).id;
  });

  const ctx = () => ({ db, actor: advisor, now: NOW });
  const phone = (extra: Partial<NewContact> = {}): NewContact => ({ channel: 'phone', direction: 'inbound', receivedAt: new Date('2026-05-20T09:00:00Z'), outcome: 'resolved', avoidable: false, ...extra });
  const refused = async (input: NewContact) => {
    const error = await logContact(ctx(), input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    return (error as InvalidInput).issues;
  };

  it('logs a contact, handled, with the advisor, and audits it', async () => {
    const missedBin = await getRequestType(db, { code: 'missed-bin' });
    const location = (await listLocations(db, { activeOnly: true })).find((l) => l.code === 'contact_centre')!;
    const { id } = await logContact(ctx(), phone({ customerId, requestTypeId: missedBin.id, locationId: location.id, reason: 'Bin not collected', durationSeconds: 240 }));
    const row = await db.selectFrom('contact').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'phone', status: 'handled', handled_by_label: 'Priya Shah', advisor_id: advisorId, customer_id: customerId, service_id: missedBin.serviceId, outcome: 'resolved', avoidable: false, avoidable_type: null, duration_seconds: 240 });
    expect(row.handled_at).toEqual(NOW);
    const audit = await db.selectFrom('audit_event').selectAll().where('action', '=', 'contact.logged').where('subject_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_label).toBe('Priya Shah');
  });

  it('logs an anonymous contact', async () => {
    const { id } = await logContact(ctx(), phone({ channel: 'face_to_face', outcome: 'signposted' }));
    const row = await db.selectFrom('contact').select(['customer_id', 'case_id', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ customer_id: null, case_id: null, outcome: 'signposted' });
  });

  it('refuses an avoidable contact without its type, a future contact, Open311, an unknown customer and a request type of another service', async () => {
    expect(await refused(phone({ avoidable: true }))).toEqual([{ field: 'avoidableType', message: 'Select why the contact was avoidable' }]);
    expect((await refused(phone({ receivedAt: new Date('2026-05-20T10:00:01Z') })))[0]?.field).toBe('receivedDate');
    expect((await refused(phone({ channel: 'open311' as NewContact['channel'] })))[0]?.field).toBe('channel');
    expect((await refused(phone({ customerId: '00000000-0000-0000-0000-000000000000' })))[0]?.field).toBe('customerId');
    const missedBin = await getRequestType(db, { code: 'missed-bin' });
    const other = await db.selectFrom('service').select('id').where('id', '!=', missedBin.serviceId).executeTakeFirstOrThrow();
    expect((await refused(phone({ serviceId: other.id, requestTypeId: missedBin.id })))[0]?.field).toBe('serviceChoice');
  });

  it('records the contact and the case it raised together, or neither', async () => {
    const requestType = await getRequestType(db, { code: 'missed-bin' });
    const raiseWithContact = (fail: boolean) =>
      inTransaction(db, async (trx) => {
        const raised = await raiseCase({ db: trx, actor: advisor, now: NOW, publicUrl: 'https://brackenfield.example' }, {
          requestType, channel: 'phone', answers: { bin_type: 'recycling', collection_date: '2026-05-18', location: { address: '12 Mill Lane', postcode: 'BF1 2AB' }, anything_else: 'Left at the gate' }, contact: {}, receivedAt: NOW,
        });
        const caseId = (await trx.selectFrom('cases').select('id').where('reference', '=', raised.reference).executeTakeFirstOrThrow()).id;
        await logContact({ db: trx, actor: advisor, now: NOW }, phone({ customerId, caseId, outcome: 'case_raised' }));
        if (fail) throw new Error('the caller changed its mind');
        return raised.reference;
      });
    const before = await db.selectFrom('contact').select('id').execute();
    await expect(raiseWithContact(true)).rejects.toThrow('changed its mind');
    expect(await db.selectFrom('contact').select('id').execute()).toHaveLength(before.length);
    const reference = await raiseWithContact(false);
    const caseId = (await db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
    const listed = await listContacts(db, { caseId });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ caseReference: reference, outcome: 'case_raised', outcomeName: 'Case raised' });
  });

  it('logs a letter with its scan in the mail room, and lists a customer’s contacts newest first in the shape other pages use', async () => {
    const files = createMemoryFileStore();
    const { id } = await logLetter({ ...ctx(), files }, { receivedAt: new Date('2026-05-19T11:00:00Z'), senderName: 'Alex Reed', senderAddress: '12 Mill Lane', customerId, summary: 'Asks for a new recycling box', scan: { filename: 'letter.pdf', bytes: PDF, contentType: 'application/pdf' } });
    const listed = await listContacts(db, { customerId });
    expect(listed.map((c) => c.channel)).toEqual(['phone', 'phone', 'letter']);
    const letter = listed.find((c) => c.id === id)!;
    expect(Object.keys(letter).sort()).toEqual([
      'advisorName', 'attachments', 'avoidable', 'avoidableTypeName', 'caseReference', 'channel', 'channelName', 'direction', 'id', 'locationName', 'outcome', 'outcomeName', 'reason', 'receivedAt', 'requestTypeName', 'serviceName', 'subject',
    ]);
    expect(letter).toMatchObject({ channelName: 'Letter', direction: 'inbound', locationName: 'Mail room', advisorName: 'Priya Shah', subject: 'Letter from Alex Reed', reason: 'Asks for a new recycling box', avoidable: false, avoidableTypeName: null });
    expect(letter.attachments.map((a) => a.filename)).toEqual(['letter.pdf']);
    const first = listed.find((c) => c.serviceName)!;
    expect(first).toMatchObject({ serviceName: 'Missed bin collection', requestTypeName: 'Report a missed bin', locationName: 'Contact centre', outcomeName: 'Resolved at first contact' });
    const stored = await db.selectFrom('contact_attachment').select('file_key').where('contact_id', '=', id).executeTakeFirstOrThrow();
    const chunks: Buffer[] = [];
    for await (const chunk of await files.get(stored.file_key!)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
  });

  it('manages locations, refusing a code already used', async () => {
    const id = await createLocation(db, advisor, { code: 'east_hub', name: 'East Hub', kind: 'service_centre', address: null, active: true });
    await expect(createLocation(db, advisor, { code: 'east_hub', name: 'Another', kind: 'other', address: null, active: true })).rejects.toBeInstanceOf(InvalidInput);
    await expect(updateLocation(db, advisor, id, { code: 'mail_room', name: 'East Hub', kind: 'service_centre', address: null, active: true })).rejects.toBeInstanceOf(InvalidInput);
    await updateLocation(db, advisor, id, { code: 'east_hub', name: 'East Hub', kind: 'service_centre', address: null, active: false });
    expect((await listLocations(db, { activeOnly: true })).map((l) => l.code)).not.toContain('east_hub');
    expect((await listLocations(db, { activeOnly: false })).map((l) => l.code)).toContain('east_hub');
  });
});

forEachEngine('first contact resolution and avoidable contact', (use) => {
  let db: Db;
  let actor: Actor;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const staff = await db.selectFrom('staff_user').select(['id', 'email', 'display_name']).execute();
    for (const s of staff) ids[s.email] = s.id;
    const advisor = staff.find((s) => s.email === 'advisor@brackenfield.example')!;
    actor = { type: 'staff', id: advisor.id, label: advisor.display_name };
    const missedBin = await getRequestType(db, { code: 'missed-bin' });
    const other = await db.selectFrom('service').select(['id', 'name']).where('id', '!=', missedBin.serviceId).orderBy('name').executeTakeFirstOrThrow();
    ids.bins = missedBin.serviceId;
    ids.other = other.id;
    const log = (at: string, extra: Partial<NewContact>) =>
      logContact({ db, actor, now: NOW }, { channel: 'phone', direction: 'inbound', receivedAt: new Date(at), outcome: 'resolved', avoidable: false, ...extra });
    // April: 4 phone calls about bins by the advisor, 3 resolved, 1 chasing progress.
    await log('2026-04-01T08:00:00Z', { serviceId: ids.bins });
    await log('2026-04-10T08:00:00Z', { serviceId: ids.bins });
    await log('2026-04-20T08:00:00Z', { serviceId: ids.bins });
    await log('2026-04-30T23:30:00Z', { serviceId: ids.bins, outcome: 'case_raised', avoidable: true, avoidableType: 'chasing_progress' }); // 1 May in London
    // May: 2 face-to-face visits served by the manager, 1 resolved, 1 repeat contact passed on.
    await log('2026-05-05T08:00:00Z', { channel: 'face_to_face', serviceId: ids.other, advisorId: ids['manager@brackenfield.example']! });
    await log('2026-05-06T08:00:00Z', { channel: 'face_to_face', serviceId: ids.other, advisorId: ids['manager@brackenfield.example']!, outcome: 'passed_to_back_office', avoidable: true, avoidableType: 'repeat' });
    // Outside the period, and an inbound email nobody has handled: neither counted.
    await log('2026-03-31T22:59:00Z', {});
    await db.insertInto('contact').values({ channel: 'email', direction: 'inbound', received_at: new Date('2026-04-15T08:00:00Z'), subject: 'Unread' }).execute();
  });

  const period = { from: new Date('2026-03-31T23:00:00Z'), to: new Date('2026-06-30T23:00:00Z') };

  it('counts by channel, with the total', async () => {
    const m = await contactMeasures(db, { ...period, by: 'channel' });
    expect(m.rows.map((r) => [r.name, r.contacts, r.resolvedFirstContact, r.fcr, r.avoidable, r.avoidableRate])).toEqual([
      ['Face to face', 2, 1, 0.5, 1, 0.5],
      ['Phone', 4, 3, 0.75, 1, 0.25],
    ]);
    expect(m.total).toMatchObject({ name: 'All contacts', contacts: 6, withOutcome: 6, resolvedFirstContact: 4, avoidable: 2, avoidableRecorded: 6 });
    expect(m.total.fcr).toBeCloseTo(4 / 6);
    expect(m.total.byAvoidableType).toEqual({ chasing_progress: 1, repeat: 1, not_understood: 0, wrongly_routed: 0, unnecessary_clarification: 0 });
  });

  it('counts by service and by advisor', async () => {
    const byService = await contactMeasures(db, { ...period, by: 'service' });
    const bins = byService.rows.find((r) => r.key === ids.bins)!;
    expect(bins).toMatchObject({ name: 'Missed bin collection', contacts: 4, fcr: 0.75 });
    expect(bins.byAvoidableType.chasing_progress).toBe(1);
    expect(byService.rows).toHaveLength(2);
    const byAdvisor = await contactMeasures(db, { ...period, by: 'advisor' });
    expect(byAdvisor.rows.map((r) => [r.name, r.contacts, r.fcr])).toEqual([['Priya Shah', 4, 0.75], ['Sam Whitfield', 2, 0.5]]);
  });

  it('counts by month in London time', async () => {
    const m = await contactMeasures(db, { ...period, by: 'month' });
    expect(m.rows.map((r) => [r.key, r.name, r.contacts, r.resolvedFirstContact])).toEqual([['2026-04', 'April 2026', 3, 3], ['2026-05', 'May 2026', 3, 1]]);
  });

  it('gives no share for a period with no contacts', async () => {
    const m = await contactMeasures(db, { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z'), by: 'channel' });
    expect(m.rows).toEqual([]);
    expect(m.total).toMatchObject({ contacts: 0, fcr: null, avoidableRate: null });
  });
});
