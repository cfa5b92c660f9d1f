// The case lifecycle on both engines: a case moves through its workflow, its standards' clocks
// start, pause, resume, extend and stop as the council's charter says, met and missed are recorded
// as facts, the resident is notified through the outbox, and a stale or mistaken change saves nothing.
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { setUpCouncil } from '../council/service.js';
import { serviceSchema, standardSchema } from '../charter/model.js';
import { requestTypeSchema } from '../charter/request-types.js';
import * as charter from '../charter/service.js';
import * as cases from './lifecycle.js';
import { raiseCase } from './service.js';

const officer: Actor = { type: 'staff', id: 'officer', label: 'Priya Shah' };
const at = (iso: string) => ({ now: new Date(iso) });
const standard = (code: string, sentence: string, amount: number, startEvent: string, stopEvent: string) =>
  standardSchema.parse({ code, sentence, stage: 'resolution', clockUnit: 'working_days', clockAmount: String(amount), startEvent, stopEvent, targetPercent: '95', published: 'yes' });

async function catalogue(db: Db) {
  await setUpCouncil(db, officer, { name: 'Test Council', nation: 'england', population: null, logoUrl: null, email: null, phone: null, website: null, address: null });
  const team = await charter.createTeam(db, officer, { name: 'Street Scene', department: 'Environment', email: null });
  const serviceId = await charter.createService(db, officer, serviceSchema.parse({ code: 'bins', name: 'Bins', department: 'Environment', teamId: team.id, description: '', channels: ['web'], published: 'yes' }));
  const ack = await charter.addStandard(db, officer, serviceId, standard('ack', 'We will acknowledge within 1 working day', 1, 'received', 'acknowledged'));
  const fix = await charter.addStandard(db, officer, serviceId, standard('fix', 'We will collect within 5 working days', 5, 'received', 'resolved'));
  const fields = [{ code: 'details', label: 'Details', type: 'long_text', required: true, order: 1 }];
  const id = await charter.addRequestType(db, officer, serviceId, requestTypeSchema.parse({ code: 'missed-bin', name: 'Report a missed bin', description: '', teamId: '', audiences: ['resident'], standardIds: [ack, fix], fields }));
  return { team, ack, fix, requestType: await charter.getRequestType(db, { id }) };
}

forEachEngine('the case lifecycle', (use) => {
  let setup: Awaited<ReturnType<typeof catalogue>>;
  let reference = '';
  const ctx = (now: string, actor: Actor = officer) => ({ db: use().db, actor, publicUrl: 'https://council.example', ...at(now) });
  const clocks = async () => {
    const kase = await use().db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const rows = await use().db.selectFrom('case_standard').select(['standard_id', 'due_at', 'paused', 'outcome']).where('case_id', '=', kase.id).execute();
    return Object.fromEntries(rows.map((r) => [r.standard_id, r]));
  };
  const current = async () => use().db.selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const notifications = async (caseId: string) => (await use().db.selectFrom('notification').select(['template_code', 'recipient']).where('case_id', '=', caseId).orderBy('created_at').execute()).map((n) => n.template_code);

  it('raises a case in its workflow’s first status, assigned to the service’s team, with due dates and an acknowledgement queued', async () => {
    setup = await catalogue(use().db);
    // Thursday 2 April 2026: 5 working days in England is Monday 13 April (Good Friday, Easter Monday).
    const raised = await raiseCase(ctx('2026-04-02T09:00:00Z', { type: 'resident', label: 'Sam Green' }), {
      requestType: setup.requestType, channel: 'web', answers: { details: 'Bin missed' }, contact: { name: 'Sam Green', email: 'sam@example.com' }, receivedAt: new Date('2026-04-02T09:00:00Z'),
      location: { address: '1 High Street', latitude: 52.1, longitude: -1.2 },
    });
    reference = raised.reference;
    expect(raised.trackingToken).toMatch(/^[\w-]{32}$/);
    const kase = await current();
    expect(kase).toMatchObject({ status: 'received', status_category: 'new', team_id: setup.team.id, version: 1, latitude: 52.1 });
    expect((await clocks())[setup.fix]?.due_at?.toISOString()).toBe('2026-04-13T22:59:59.999Z');
    expect(await notifications(kase.id)).toEqual(['case.received']);
  });

  it('acknowledging stops the acknowledgement clock, recording that the standard was met', async () => {
    await cases.changeStatus(ctx('2026-04-02T14:00:00Z'), { reference, expectedVersion: 1, to: 'acknowledged' });
    const kase = await current();
    expect(kase).toMatchObject({ status: 'acknowledged', version: 2 });
    expect((await clocks())[setup.ack]?.outcome).toBe('met');
    const events = await use().db.selectFrom('case_event').select(['type', 'public']).where('case_id', '=', kase.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['received', 'status_changed', 'standard_met']);
    expect(await notifications(kase.id)).toEqual(['case.received', 'case.acknowledged']);
  });

  it('tells the second of two officers that the case changed, and saves nothing of theirs', async () => {
    await expect(cases.addNote(ctx('2026-04-02T15:00:00Z'), { reference, expectedVersion: 1, text: 'Stale note', public: false })).rejects.toThrow(StaleEditError);
    expect((await current()).version).toBe(2);
    const notes = await use().db.selectFrom('case_event').select('type').where('type', '=', 'note').execute();
    expect(notes).toEqual([]);
  });

  it('refuses a move the workflow does not allow and a request for information with no question, field by field', async () => {
    const wrongMove = cases.changeStatus(ctx('2026-04-03T09:00:00Z'), { reference, expectedVersion: 2, to: 'closed' });
    await expect(wrongMove).rejects.toThrow(InvalidInput);
    await expect(wrongMove).rejects.toMatchObject({ issues: [{ field: 'status' }] });
    await expect(cases.changeStatus(ctx('2026-04-03T09:00:00Z'), { reference, expectedVersion: 2, to: 'waiting_for_customer', message: '  ' })).rejects.toMatchObject({ issues: [{ field: 'message' }] });
    expect((await current()).version).toBe(2);
  });

  it('waiting for the customer pauses the clock; their reply resumes it and moves the due date by the pause', async () => {
    await cases.changeStatus(ctx('2026-04-07T10:00:00Z'), { reference, expectedVersion: 2, to: 'waiting_for_customer', message: 'Which bin was missed?' });
    expect((await clocks())[setup.fix]?.paused).toBe(true);
    await cases.addCustomerInformation(ctx('2026-04-09T10:00:00Z', { type: 'resident', label: 'Sam Green' }), { reference, message: 'The green one', channel: 'web' });
    const kase = await current();
    expect(kase.status).toBe('in_progress');
    // Paused Tuesday 7, resumed Thursday 9 April: 2 working days, so due Wednesday 15 April.
    expect((await clocks())[setup.fix]).toMatchObject({ paused: false });
    expect((await clocks())[setup.fix]?.due_at?.toISOString()).toBe('2026-04-15T22:59:59.999Z');
    expect(await notifications(kase.id)).toContain('case.information_requested');
  });

  it('extends a standard only with a reason', async () => {
    const version = (await current()).version;
    await expect(cases.extendStandard(ctx('2026-04-10T10:00:00Z'), { reference, expectedVersion: version, standardId: setup.fix, by: 2, reason: '' })).rejects.toMatchObject({ issues: [{ field: 'reason' }] });
    await cases.extendStandard(ctx('2026-04-10T10:00:00Z'), { reference, expectedVersion: version, standardId: setup.fix, by: 2, reason: 'Crew vehicle off the road' });
    expect((await clocks())[setup.fix]?.due_at?.toISOString()).toBe('2026-04-17T22:59:59.999Z');
  });

  it('assigns to a person, refusing an unknown team without saving anything', async () => {
    const version = (await current()).version;
    await expect(cases.assignCase(ctx('2026-04-10T11:00:00Z'), { reference, expectedVersion: version, teamId: '00000000-0000-0000-0000-000000000000', assigneeId: null })).rejects.toMatchObject({ issues: [{ field: 'teamId' }] });
    expect((await current()).version).toBe(version);
  });

  it('resolving after the due date records the standard as missed, and tells the resident', async () => {
    const version = (await current()).version;
    await cases.addNote(ctx('2026-04-20T09:00:00Z'), { reference, expectedVersion: version, text: 'Crew collected the bin today', public: true });
    await cases.changeStatus(ctx('2026-04-20T10:00:00Z'), { reference, expectedVersion: version + 1, to: 'resolved', message: 'Your bin has been collected.' });
    const kase = await current();
    expect(kase.resolved_at?.toISOString()).toBe('2026-04-20T10:00:00.000Z');
    expect((await clocks())[setup.fix]?.outcome).toBe('missed');
    expect(await notifications(kase.id)).toEqual(['case.received', 'case.acknowledged', 'case.information_requested', 'case.public_update', 'case.resolved']);
    const publicTypes = (await use().db.selectFrom('case_event').select('type').where('case_id', '=', kase.id).where('public', '=', true).orderBy('id').execute()).map((e) => e.type);
    expect(publicTypes).toContain('public_update');
    expect(publicTypes).not.toContain('standard_missed');
  });

  it('links a duplicate to the original, voiding its clocks, and never to itself', async () => {
    const second = await raiseCase(ctx('2026-04-21T09:00:00Z'), { requestType: setup.requestType, channel: 'phone', answers: { details: 'Same bin' }, contact: {}, receivedAt: new Date('2026-04-21T09:00:00Z') });
    await expect(cases.markDuplicate(ctx('2026-04-21T10:00:00Z'), { reference: second.reference, expectedVersion: 1, of: second.reference })).rejects.toMatchObject({ issues: [{ field: 'of' }] });
    await cases.markDuplicate(ctx('2026-04-21T10:00:00Z'), { reference: second.reference, expectedVersion: 1, of: reference });
    const dup = await use().db.selectFrom('cases').select(['status', 'duplicate_of']).where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(dup).toMatchObject({ status: 'duplicate', duplicate_of: (await current()).id });
    const outcomes = await use().db.selectFrom('case_standard').select('outcome').where('case_id', '=', second.id).execute();
    expect(outcomes.map((o) => o.outcome)).toEqual(['void', 'void']);
  });

  it('gives a client system that retries the case it raised the first time', async () => {
    const { db } = use();
    const client = await db.insertInto('client_system').values({ name: 'FixMyStreet', created_by_label: 'test' }).returning('id').executeTakeFirstOrThrow();
    const input = { requestType: setup.requestType, channel: 'open311' as const, answers: { details: 'Bin' }, contact: {}, receivedAt: new Date('2026-04-22T09:00:00Z'), client: { systemId: client.id, reference: 'fms-1234' } };
    const first = await raiseCase(ctx('2026-04-22T09:00:00Z'), input);
    const again = await raiseCase(ctx('2026-04-22T09:01:00Z'), input);
    expect(again).toMatchObject({ id: first.id, reference: first.reference, existing: true });
  });
});
