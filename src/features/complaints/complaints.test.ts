// Each nation's complaint timescales on real calendar dates, counted by hand from the bank holidays
// of 2026–27 (and checked against date-holidays): the procedures are data, so these tests adopt the
// shipped procedure for the council's nation and then do what a complaints officer would.
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Db } from '../../platform/db/database.js';
import type { Actor } from '../../platform/audit/audit.js';
import { InvalidInput } from '../../platform/errors.js';
import { createUser, findUserByEmail } from '../../platform/auth/users.js';
import { setUpCouncil } from '../council/service.js';
import type { Nation } from '../../time/nation.js';
import type { CaseContext } from '../cases/lifecycle.js';
import * as complaints from './service.js';
import { changeStatus } from '../cases/lifecycle.js';
import * as charter from '../charter/service.js';
import { serviceSchema } from '../charter/model.js';
import { requestTypeSchema } from '../charter/request-types.js';
import { raiseCase } from '../cases/service.js';

const admin: Actor = { type: 'staff', id: undefined, label: 'Alex Morgan' };
const PROCEDURES: Record<Nation, string> = {
  england: 'england-complaint-handling-code',
  scotland: 'scotland-model-complaints-handling-procedure',
  wales: 'wales-model-complaints-policy',
  'northern-ireland': 'northern-ireland-model-complaints-handling-procedure',
};

/** 10:00 on a London day in winter (GMT). */
const at = (day: string, time = '10:00'): Date => new Date(`${day}T${time}:00Z`);
const endOf = (day: string): string => `${day}T23:59:59.999Z`;

async function councilIn(db: Db, nation: Nation, welsh = false): Promise<void> {
  await setUpCouncil(db, admin, { name: 'Test Council', nation, population: 100_000, logoUrl: null, email: null, phone: null, website: null, address: null });
  await complaints.adoptProcedure(db, admin, { code: PROCEDURES[nation], welsh, now: at('2026-11-01') });
}

async function officer(db: Db, name: string): Promise<Actor> {
  const email = `${name.toLowerCase().replace(' ', '.')}@council.example`;
  const user = (await findUserByEmail(db, email)) ?? (await createUser(db, admin, { email, displayName: name, roles: ['complaints_officer'], password: 'a long enough password 1' }));
  return { type: 'staff', id: user.id, label: name };
}

const ctx = (db: Db, actor: Actor, now: Date): CaseContext => ({ db, actor, now, publicUrl: 'https://council.example' });
const resident: Actor = { type: 'resident', label: 'Jo Bloggs' };

async function clocks(db: Db, reference: string) {
  const rows = await db
    .selectFrom('case_standard as cs')
    .innerJoin('cases as c', 'c.id', 'cs.case_id')
    .innerJoin('service_standard as ss', 'ss.id', 'cs.standard_id')
    .select(['ss.code', 'cs.due_at', 'cs.outcome', 'cs.started_at'])
    .where('c.reference', '=', reference)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, { due: r.due_at?.toISOString() ?? null, outcome: r.outcome, started: r.started_at !== null }]));
}

const version = async (db: Db, reference: string): Promise<number> => (await db.selectFrom('cases').select('version').where('reference', '=', reference).executeTakeFirstOrThrow()).version;

async function fieldError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInput);
  return (error as InvalidInput).issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}

const response = { decision: 'upheld', reasons: 'The crew missed the bin twice.', apology: 'yes', actionTaken: 'The round has been re-planned.', payment: '25', learning: 'Crews now photograph bins they cannot reach.' };

forEachEngine('complaints in England', (use) => {
  it('received on 22 December 2026: acknowledged by 31 December (Christmas and Boxing Day substitute out), answered within 10 working days of acknowledgement, extended by 10 at most', async () => {
    const { db } = use();
    await councilIn(db, 'england');
    const grace = await officer(db, 'Grace Okafor');
    const made = await complaints.makeComplaint(ctx(db, resident, at('2026-12-22')), { channel: 'web', receivedAt: at('2026-12-22'), contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'My bin was missed three weeks running.', problemOn: '2026-12-01' });
    const ref = made.reference;
    expect(await clocks(db, ref)).toMatchObject({
      'complaint-stage-1-acknowledgement': { due: endOf('2026-12-31'), outcome: null },
      'complaint-stage-1-response': { due: null, started: false },
    });
    // England's response clock starts at acknowledgement: acknowledged Tuesday 29 December, 10 working
    // days (New Year's Day out) is Wednesday 13 January 2027.
    await complaints.acknowledgeComplaint(ctx(db, grace, at('2026-12-29')), { reference: ref, expectedVersion: await version(db, ref) });
    expect(await clocks(db, ref)).toMatchObject({
      'complaint-stage-1-acknowledgement': { outcome: 'met' },
      'complaint-stage-1-response': { due: endOf('2027-01-13'), outcome: null },
    });
    const standardId = (await db.selectFrom('service_standard').select('id').where('code', '=', 'complaint-stage-1-response').executeTakeFirstOrThrow()).id;
    await complaints.extendComplaint(ctx(db, grace, at('2027-01-11')), { reference: ref, expectedVersion: await version(db, ref), standardId, by: 10, reason: 'We are waiting for the crew’s records.' });
    expect((await clocks(db, ref))['complaint-stage-1-response']?.due).toBe(endOf('2027-01-27'));
    const before = await version(db, ref);
    expect(await fieldError(complaints.extendComplaint(ctx(db, grace, at('2027-01-12')), { reference: ref, expectedVersion: before, standardId, by: 1, reason: 'More records.' }))).toMatch(/^by: .*over the authorised 10/);
    expect(await version(db, ref)).toBe(before);
    const told = await db.selectFrom('notification').select(['template_code', 'body']).where('template_code', 'like', 'complaint.%').orderBy('created_at').execute();
    expect(told.map((n) => n.template_code)).toEqual(['complaint.received', 'complaint.acknowledged', 'complaint.extended']);
    expect(told[0]?.body).toContain('We will acknowledge your complaint within 5 working days of receiving it: by Thursday 31 December 2026.');
    expect(told[2]?.body).toContain('We will now respond by Wednesday 27 January 2027.');
  });

  it('stage 2 is asked for by the person after the stage 1 answer, acknowledged within 5 working days, and answered by someone else', async () => {
    const { db } = use();
    await councilIn(db, 'england');
    const grace = await officer(db, 'Grace Okafor');
    const sam = await officer(db, 'Sam Whitfield');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2027-01-04')), { channel: 'web', receivedAt: at('2027-01-04'), contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'Nobody called back.' });
    // A response with no decision is refused, and nothing is saved.
    const v = await version(db, ref);
    expect(await fieldError(complaints.respondToComplaint(ctx(db, grace, at('2027-01-05')), { reference: ref, expectedVersion: v, response: { ...response, decision: '' } }))).toBe('decision: Select the decision');
    expect(await version(db, ref)).toBe(v);
    // The person cannot ask for stage 2 before stage 1 is answered.
    expect(await fieldError(complaints.escalateComplaint(ctx(db, resident, at('2027-01-05')), { reference: ref, by: 'resident', reason: 'Too slow' }))).toMatch(/once we have sent our stage 1 response/);
    // Answered without a separate acknowledgement: the response acknowledges it, so both clocks are met.
    await complaints.respondToComplaint(ctx(db, grace, at('2027-01-06')), { reference: ref, expectedVersion: v, response });
    expect(await clocks(db, ref)).toMatchObject({ 'complaint-stage-1-acknowledgement': { outcome: 'met' }, 'complaint-stage-1-response': { outcome: 'met' } });
    const letter = await db.selectFrom('complaint_response').select(['letter_body', 'decision', 'payment_pence']).executeTakeFirstOrThrow();
    expect(letter).toMatchObject({ decision: 'upheld', payment_pence: 2500 });
    expect(letter.letter_body).toContain('We apologise for what went wrong.');
    expect(letter.letter_body).toContain('We will pay you £25.');
    expect(letter.letter_body).toContain('look at your complaint again at Stage 2');
    // Escalated on Wednesday 20 January 2027: acknowledged by Wednesday 27 January.
    await complaints.escalateComplaint(ctx(db, resident, at('2027-01-20')), { reference: ref, by: 'resident', reason: 'The bin is still being missed.' });
    expect((await clocks(db, ref))['complaint-stage-2-acknowledgement']).toMatchObject({ due: endOf('2027-01-27') });
    await complaints.acknowledgeComplaint(ctx(db, sam, at('2027-01-21')), { reference: ref, expectedVersion: await version(db, ref) });
    // 20 working days from Thursday 21 January 2027 is Thursday 18 February.
    expect((await clocks(db, ref))['complaint-stage-2-response']).toMatchObject({ due: endOf('2027-02-18') });
    // The stage 1 handler may neither be assigned stage 2 nor answer it.
    expect(await fieldError(complaints.assignHandler(ctx(db, sam, at('2027-01-21')), { reference: ref, expectedVersion: await version(db, ref), userId: grace.id! }))).toMatch(/did not handle stage 1/);
    expect(await fieldError(complaints.respondToComplaint(ctx(db, grace, at('2027-01-22')), { reference: ref, expectedVersion: await version(db, ref), response }))).toMatch(/someone else must respond at stage 2/);
    await complaints.respondToComplaint(ctx(db, sam, at('2027-01-22')), { reference: ref, expectedVersion: await version(db, ref), response: { ...response, decision: 'not_upheld', payment: '' } });
    const view = await complaints.getComplaint(db, ref);
    expect(view?.stages.map((s) => [s.stage, s.startedHow])).toEqual([[1, 'received'], [2, 'escalated_by_resident']]);
    expect(view?.responses.map((r) => [r.stage, r.decision, r.respondedByLabel])).toEqual([[1, 'upheld', 'Grace Okafor'], [2, 'not_upheld', 'Sam Whitfield']]);
    expect(view?.responses[1]?.letterBody).toContain('Local Government and Social Care Ombudsman');
    // A complaint that has been through stage 2 goes no further here.
    expect(await fieldError(complaints.escalateComplaint(ctx(db, resident, at('2027-01-25')), { reference: ref, by: 'resident', reason: 'Still unhappy' }))).toMatch(/already been through stage 2.*Ombudsman/);
  });

  it('a complaint made more than 12 months after the problem waits for a decision; not accepted, the person is told why and about the Ombudsman', async () => {
    const { db } = use();
    await councilIn(db, 'england');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2026-12-22')), { channel: 'email', receivedAt: at('2026-12-22'), contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'A planning decision.', problemOn: '2025-12-21' });
    expect((await complaints.getComplaint(db, ref))).toMatchObject({ late: true, lateDecision: null, problemOn: '2025-12-21' });
    expect(await fieldError(complaints.decideLateComplaint(ctx(db, grace, at('2026-12-23')), { reference: ref, expectedVersion: await version(db, ref), accept: true, reason: ' ' }))).toMatch(/Enter why this late complaint is accepted/);
    await complaints.decideLateComplaint(ctx(db, grace, at('2026-12-23')), { reference: ref, expectedVersion: await version(db, ref), accept: false, reason: 'The decision was made 13 months ago and you knew of it then.' });
    const kase = await db.selectFrom('cases').select(['status', 'status_category']).where('reference', '=', ref).executeTakeFirstOrThrow();
    expect(kase).toEqual({ status: 'refused', status_category: 'cancelled' });
    expect((await clocks(db, ref))['complaint-stage-1-acknowledgement']?.outcome).toBe('void');
    const letter = await db.selectFrom('notification').select('body').where('template_code', '=', 'complaint.not_accepted').executeTakeFirstOrThrow();
    expect(letter.body).toContain('13 months ago');
    expect(letter.body).toContain('Local Government and Social Care Ombudsman');
    // One day inside the limit is in time.
    const inTime = await complaints.makeComplaint(ctx(db, resident, at('2026-12-22')), { channel: 'web', receivedAt: at('2026-12-22'), contact: {}, whatHappened: 'Another', problemOn: '2025-12-22' });
    expect((await complaints.getComplaint(db, inTime.reference))?.late).toBe(false);
  });

  it('points at the case it is about, which goes on, with the complaint on its timeline, and reaches the insight queue', async () => {
    const { db } = use();
    await councilIn(db, 'england');
    const serviceId = await charter.createService(db, admin, serviceSchema.parse({ code: 'bins', name: 'Bins', department: 'Waste', teamId: '', description: '', channels: ['web'], published: 'yes' }));
    const fields = [{ code: 'details', label: 'Details', type: 'long_text', required: true, order: 1 }];
    const requestTypeId = await charter.addRequestType(db, admin, serviceId, requestTypeSchema.parse({ code: 'missed-bin', name: 'Report a missed bin', description: '', teamId: '', audiences: ['resident'], standardIds: [], fields }));
    const requestType = await charter.getRequestType(db, { id: requestTypeId });
    const bin = await raiseCase(ctx(db, resident, at('2026-12-14')), { requestType, channel: 'web', answers: { details: 'Missed' }, contact: {}, receivedAt: at('2026-12-14') });
    const { reference: ref, id } = await complaints.makeComplaint(ctx(db, resident, at('2026-12-22')), { channel: 'web', receivedAt: at('2026-12-22'), contact: { name: 'Jo Bloggs' }, whatHappened: 'Still not collected.', about: { caseReference: bin.reference.toLowerCase() } });
    const view = await complaints.getComplaint(db, ref);
    expect(view).toMatchObject({ aboutCaseReference: bin.reference, aboutServiceId: serviceId, aboutServiceName: 'Bins' });
    const binCase = await db.selectFrom('cases').select(['status_category']).where('id', '=', bin.id).executeTakeFirstOrThrow();
    expect(binCase.status_category).toBe('new');
    const events = await db.selectFrom('case_event').select(['type', 'detail']).where('case_id', '=', bin.id).execute();
    expect(events.map((e) => e.type)).toEqual(['received', 'complaint_made']);
    expect(events[1]?.detail).toMatchObject({ reference: ref });
    const feedback = await db.selectFrom('feedback').select(['kind', 'service_id', 'body']).where('case_id', '=', id).execute();
    expect(feedback).toEqual([{ kind: 'complaint', service_id: serviceId, body: 'Still not collected.' }]);
    expect(await fieldError(complaints.makeComplaint(ctx(db, resident, at('2026-12-22')), { channel: 'web', receivedAt: at('2026-12-22'), contact: {}, whatHappened: 'x', about: { caseReference: 'ZZZZ-ZZZZ' } }))).toMatch(/^aboutCase: There is no case with that reference/);
  });

  it('goes straight to stage 2 when complex: stage 1 measures nothing, stage 2 is acknowledged within 5 working days of receipt', async () => {
    const { db } = use();
    await councilIn(db, 'england');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, grace, at('2026-12-22')), { channel: 'letter', receivedAt: at('2026-12-22'), contact: { name: 'Jo Bloggs' }, whatHappened: 'Several services over a year.', directToStage2: { reason: 'Complex: several departments' } });
    expect(await clocks(db, ref)).toMatchObject({ 'complaint-stage-1-acknowledgement': { outcome: 'void' }, 'complaint-stage-2-acknowledgement': { due: endOf('2026-12-31') } });
    expect((await complaints.getComplaint(db, ref))?.stages.map((s) => s.startedHow)).toEqual(['direct']);
  });
});

forEachEngine('complaints in Scotland', (use) => {
  it('received on Friday 27 November 2026: the frontline response is due on Monday 7 December (St Andrew’s Day, Monday 30 November, out), extendable to 10 working days in all', async () => {
    const { db } = use();
    await councilIn(db, 'scotland');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2026-11-27')), { channel: 'phone', receivedAt: at('2026-11-27'), contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'Rude on the phone.' });
    expect(await clocks(db, ref)).toEqual({ 'complaint-stage-1-response': { due: endOf('2026-12-07'), outcome: null, started: true }, 'complaint-stage-2-acknowledgement': { due: null, outcome: null, started: false }, 'complaint-stage-2-response': { due: null, outcome: null, started: false } });
    const standardId = (await db.selectFrom('service_standard').select('id').where('code', '=', 'complaint-stage-1-response').executeTakeFirstOrThrow()).id;
    await complaints.extendComplaint(ctx(db, grace, at('2026-12-03')), { reference: ref, expectedVersion: await version(db, ref), standardId, by: 5, reason: 'Waiting to speak to the advisor.' });
    expect((await clocks(db, ref))['complaint-stage-1-response']?.due).toBe(endOf('2026-12-14'));
    expect(await fieldError(complaints.extendComplaint(ctx(db, grace, at('2026-12-04')), { reference: ref, expectedVersion: await version(db, ref), standardId, by: 1, reason: 'More' }))).toMatch(/over the authorised 5/);
  });

  it('escalated on Wednesday 23 December 2026: stage 2 acknowledged by 30 December and answered by 26 January 2027, both counted from receipt of the escalation', async () => {
    const { db } = use();
    await councilIn(db, 'scotland');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2026-12-01')), { channel: 'web', receivedAt: at('2026-12-01'), contact: { name: 'Jo Bloggs', email: 'jo@example.com' }, whatHappened: 'Council tax bill wrong.' });
    await complaints.respondToComplaint(ctx(db, grace, at('2026-12-03')), { reference: ref, expectedVersion: await version(db, ref), response: { ...response, decision: 'partly_upheld' } });
    await complaints.escalateComplaint(ctx(db, resident, at('2026-12-23')), { reference: ref, by: 'resident', reason: 'The bill is still wrong.' });
    // Christmas, the Boxing Day substitute (28th), New Year's Day and 2 January's substitute (4th) are out.
    expect(await clocks(db, ref)).toMatchObject({
      'complaint-stage-1-response': { outcome: 'met' },
      'complaint-stage-2-acknowledgement': { due: endOf('2026-12-30') },
      'complaint-stage-2-response': { due: endOf('2027-01-26') },
    });
    // Scotland lets the same officer handle stage 2.
    await complaints.respondToComplaint(ctx(db, grace, at('2027-01-20')), { reference: ref, expectedVersion: await version(db, ref), response: { ...response, decision: 'upheld' } });
    expect((await clocks(db, ref))['complaint-stage-2-response']?.outcome).toBe('met');
    expect((await complaints.getComplaint(db, ref))?.responses[1]?.letterBody).toContain('Scottish Public Services Ombudsman');
  });

  it('refuses a stage 2 request made more than 2 months after the stage 1 response, unless staff accept it with a reason', async () => {
    const { db } = use();
    await councilIn(db, 'scotland');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2026-10-01')), { channel: 'web', receivedAt: at('2026-10-01'), contact: {}, whatHappened: 'Late reply' });
    await complaints.respondToComplaint(ctx(db, grace, at('2026-10-02')), { reference: ref, expectedVersion: await version(db, ref), response });
    expect(await fieldError(complaints.escalateComplaint(ctx(db, resident, at('2026-12-03')), { reference: ref, by: 'resident', reason: 'Unhappy' }))).toMatch(/within 2 months of our stage 1 response/);
    await complaints.escalateComplaint(ctx(db, grace, at('2026-12-03')), { reference: ref, expectedVersion: await version(db, ref), by: 'staff', reason: 'Unhappy', lateReason: 'The person was in hospital.' });
    expect((await complaints.getComplaint(db, ref))?.stage).toBe(2);
  });
});

forEachEngine('complaints in Wales', (use) => {
  it('answers in Welsh a person who wrote in Welsh, from the Welsh text of the template', async () => {
    const { db } = use();
    await councilIn(db, 'wales', true);
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2026-12-01')), { channel: 'web', receivedAt: at('2026-12-01'), contact: { name: 'Siân Jones', email: 'sian@example.com' }, whatHappened: 'Ni chasglwyd fy miniau.', language: 'cy' });
    await complaints.respondToComplaint(ctx(db, grace, at('2026-12-03')), { reference: ref, expectedVersion: await version(db, ref), response });
    const sent = await db.selectFrom('notification').select(['template_code', 'subject', 'body', 'language']).where('template_code', 'in', ['complaint.received', 'complaint.response']).orderBy('created_at').execute();
    expect(sent.map((n) => [n.template_code, n.language])).toEqual([['complaint.received', 'cy'], ['complaint.response', 'cy']]);
    expect(sent[1]?.subject).toBe(`Ein hymateb i’ch cwyn – cyfeirnod ${ref}`);
    expect(sent[1]?.body).toContain('rydym yn cadarnhau eich cwyn');
    expect(sent[1]?.body).toContain('Byddwn yn talu £25 i chi.');
    // Stage 1 in Wales is informal resolution within 10 working days of receipt.
    expect((await clocks(db, ref))['complaint-stage-1-response']).toMatchObject({ outcome: 'met' });
  });
});

forEachEngine('complaints in Northern Ireland', (use) => {
  it('stage 2 is answered within 20 working days of receiving the escalation (St Patrick’s Day and Easter out)', async () => {
    const { db } = use();
    await councilIn(db, 'northern-ireland');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2027-02-22')), { channel: 'web', receivedAt: at('2027-02-22'), contact: {}, whatHappened: 'Leisure centre booking lost.' });
    await complaints.respondToComplaint(ctx(db, grace, at('2027-02-24')), { reference: ref, expectedVersion: await version(db, ref), response });
    await complaints.escalateComplaint(ctx(db, resident, at('2027-03-01')), { reference: ref, by: 'resident', reason: 'Not resolved.' });
    // From Monday 1 March 2027: 20 working days with St Patrick's Day (Wednesday 17 March), Good Friday
    // (26 March) and Easter Monday (29 March) out is Thursday 1 April, the end of which is 23:59 BST.
    expect((await clocks(db, ref))['complaint-stage-2-response']).toMatchObject({ due: '2027-04-01T22:59:59.999Z' });
  });
});

forEachEngine('a complaint on the case page', (use) => {
  it('cannot be answered or escalated by a bare status change, which would skip the response and its letter', async () => {
    const { db } = use();
    await councilIn(db, 'england');
    const grace = await officer(db, 'Grace Okafor');
    const { reference: ref } = await complaints.makeComplaint(ctx(db, resident, at('2026-12-22')), { channel: 'web', receivedAt: at('2026-12-22'), contact: {}, whatHappened: 'Missed bin' });
    const v = await version(db, ref);
    expect(await fieldError(changeStatus(ctx(db, grace, at('2026-12-23')), { reference: ref, expectedVersion: v, to: 'stage_1_responded' }))).toBe('status: Use the complaint page to move this case to stage 1: responded');
    expect(await fieldError(changeStatus(ctx(db, grace, at('2026-12-23')), { reference: ref, expectedVersion: v, to: 'escalated' }))).toMatch(/Use the complaint page/);
    expect(await version(db, ref)).toBe(v);
    // Asking the person for information is an ordinary status change.
    await changeStatus(ctx(db, grace, at('2026-12-23')), { reference: ref, expectedVersion: v, to: 'stage_1_waiting', message: 'Which week was the bin missed?' });
  });
});
