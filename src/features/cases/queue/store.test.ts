// The work queue on both engines: most urgent first (cases with no due date last), overdue, and due
// soon once a clock has used its standard's share of the time (case_standard.at_risk_at), my cases, my teams, all and unassigned, each filter, 50 to a page,
// and the navigation's count. The due date it sorts by follows the clocks as the case moves.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { setUpCouncil } from '../../council/service.js';
import { serviceSchema, standardSchema } from '../../charter/model.js';
import { requestTypeSchema } from '../../charter/request-types.js';
import * as charter from '../../charter/service.js';
import { assignCase, changeStatus } from '../lifecycle.js';
import { raiseCase, type NewCase } from '../service.js';
import { addTeamMember } from './membership.js';
import { DEFAULT_QUERY, type QueueQuery } from './model.js';
import { loadQueue, navigationCount } from './service.js';
import * as store from './store.js';

const admin: Actor = { type: 'staff', id: 'admin', label: 'Alex Morgan' };
const fields = [{ code: 'details', label: 'Details', type: 'long_text', required: true, order: 1 }];
const standard = (code: string, amount: number, stopEvent: string) =>
  standardSchema.parse({ code, sentence: `Within ${amount} working days`, stage: 'resolution', clockUnit: 'working_days', clockAmount: String(amount), startEvent: 'received', stopEvent, targetPercent: '95', published: 'yes' });

async function catalogue(db: Db) {
  await setUpCouncil(db, admin, { name: 'Test Council', nation: 'england', population: null, logoUrl: null, email: null, phone: null, website: null, address: null });
  const streets = await charter.createTeam(db, admin, { name: 'Street Scene', department: 'Environment', email: null });
  const tax = await charter.createTeam(db, admin, { name: 'Council Tax', department: 'Revenues', email: null });
  const bins = await charter.createService(db, admin, serviceSchema.parse({ code: 'bins', name: 'Bins', department: 'Environment', teamId: streets.id, description: '', channels: ['web'], published: 'yes' }));
  const ctax = await charter.createService(db, admin, serviceSchema.parse({ code: 'ctax', name: 'Council Tax', department: 'Revenues', teamId: tax.id, description: '', channels: ['web'], published: 'yes' }));
  const ack = await charter.addStandard(db, admin, bins, standard('ack', 1, 'acknowledged'));
  const fix = await charter.addStandard(db, admin, bins, standard('fix', 5, 'resolved'));
  const reply = await charter.addStandard(db, admin, ctax, standard('reply', 1, 'acknowledged'));
  const requestType = async (serviceId: string, code: string, standardIds: string[]) =>
    charter.getRequestType(db, { id: await charter.addRequestType(db, admin, serviceId, requestTypeSchema.parse({ code, name: `Request ${code}`, description: '', teamId: '', audiences: ['resident'], standardIds, fields })) });
  const people = await db
    .insertInto('staff_user')
    .values(['Tom Evans', 'Sam Whitfield', 'Nobody Yet'].map((name, i) => ({ email: `person${i}@council.example`, display_name: name, roles: ['officer'], password_hash: 'x' })))
    .returning('id')
    .execute();
  const [tom, sam, newcomer] = people.map((p) => p.id) as [string, string, string];
  await addTeamMember(db, admin, { teamId: streets.id, userId: tom, lead: false });
  await addTeamMember(db, admin, { teamId: streets.id, userId: sam, lead: true });
  return {
    streets, tax, bins, ctax, tom, sam, newcomer,
    missedBin: await requestType(bins, 'missed-bin', [ack, fix]),
    question: await requestType(bins, 'bin-question', []),
    bill: await requestType(ctax, 'bill-query', [reply]),
  };
}

// The week of Monday 2 November 2026: no bank holidays. Now is Wednesday 4 November, midday.
const NOW = new Date('2026-11-04T12:00:00Z');

forEachEngine('the work queue', (use) => {
  let c: Awaited<ReturnType<typeof catalogue>>;
  const refs: Record<string, string> = {};
  const ctx = (now: string) => ({ db: use().db, actor: admin, now: new Date(now), publicUrl: 'https://council.example' });
  const raise = async (name: string, at: string, input: Pick<NewCase, 'requestType'> & Partial<NewCase>) => {
    refs[name] = (await raiseCase(ctx(at), { channel: 'web', answers: { details: name }, contact: {}, receivedAt: new Date(at), ...input })).reference;
  };
  const version = async (name: string) => (await use().db.selectFrom('cases').select('version').where('reference', '=', refs[name]!).executeTakeFirstOrThrow()).version;
  const queue = (userId: string, query: Partial<QueueQuery> = {}) => loadQueue(use().db, userId, { ...DEFAULT_QUERY, ...query }, NOW);
  const names = (items: { reference: string }[]): string[] => items.map((i) => Object.keys(refs).find((k) => refs[k] === i.reference) ?? i.reference);

  it('lists my teams’ open cases earliest running due date first, those with none last', async () => {
    c = await catalogue(use().db);
    await raise('overdue', '2026-11-02T09:00:00Z', { requestType: c.missedBin, location: { ward: 'Thornby' } });
    await raise('noDueDate', '2026-11-02T08:00:00Z', { requestType: c.question, channel: 'phone' });
    await raise('waiting', '2026-11-02T09:30:00Z', { requestType: c.missedBin });
    await raise('dueToday', '2026-11-03T09:00:00Z', { requestType: c.missedBin });
    await raise('otherTeam', '2026-11-04T09:00:00Z', { requestType: c.bill });
    await raise('acknowledged', '2026-11-02T10:00:00Z', { requestType: c.missedBin });
    await raise('resolved', '2026-11-02T11:00:00Z', { requestType: c.missedBin });
    await changeStatus(ctx('2026-11-03T10:00:00Z'), { reference: refs.waiting!, expectedVersion: 1, to: 'waiting_for_customer', message: 'Which bin?' });
    await changeStatus(ctx('2026-11-02T12:00:00Z'), { reference: refs.acknowledged!, expectedVersion: 1, to: 'acknowledged' });
    await changeStatus(ctx('2026-11-03T12:00:00Z'), { reference: refs.resolved!, expectedVersion: 1, to: 'resolved', message: 'Collected' });

    const page = await queue(c.tom);
    // The acknowledged case now runs on its 5-day standard (due Monday 9 November); the waiting one
    // keeps the due date it had when its clocks paused (Tuesday 3 November), after the older overdue one.
    expect(names(page.items)).toEqual(['overdue', 'waiting', 'dueToday', 'acknowledged', 'noDueDate']);
    expect(page.total).toBe(5);
    expect(page.items[0]).toMatchObject({ requestTypeName: 'Request missed-bin', statusName: 'Received', teamName: 'Street Scene', assigneeName: null, href: `/staff/cases/${refs.overdue}` });
    expect(page.items[0]?.dueAt?.toISOString()).toBe('2026-11-03T23:59:59.999Z');
    expect(page.items.find((i) => i.reference === refs.acknowledged)?.dueAt?.toISOString()).toBe('2026-11-09T23:59:59.999Z');
  });

  it('tags overdue, and due soon only once a clock has used its standard’s share of the time, never while paused', async () => {
    const tagsAt = async (now: string) =>
      Object.fromEntries((await loadQueue(use().db, c.tom, { ...DEFAULT_QUERY, view: 'all' }, new Date(now))).items.map((i) => [names([i])[0] ?? '', i.tag?.text] as const));
    // Wednesday noon: the 1 working day standards received on Tuesday and this morning are due by the
    // end of today and of tomorrow, but neither has used 75% of its time yet, so neither is due soon.
    expect(await tagsAt(NOW.toISOString())).toEqual({ overdue: 'Overdue', waiting: undefined, dueToday: undefined, otherTeam: undefined, acknowledged: undefined, noDueDate: undefined });
    // Received Tuesday 09:00, due by the end of Wednesday: 39 hours, a quarter (9.75) left at 14:15.
    expect((await tagsAt('2026-11-04T14:14:00Z')).dueToday).toBeUndefined();
    expect((await tagsAt('2026-11-04T14:15:00Z')).dueToday).toBe('Due soon');
    // The one received Wednesday 09:00 is due soon at 14:15 on Thursday.
    expect((await tagsAt('2026-11-05T14:15:00Z')).otherTeam).toBe('Due soon');
    // The 5 working day standard from Monday 10:00 (due Monday 9 November) is due soon from Friday 14:30.
    expect((await tagsAt('2026-11-06T12:00:00Z')).acknowledged).toBeUndefined();
    expect((await tagsAt('2026-11-06T14:30:00Z')).acknowledged).toBe('Due soon');
    // Paused since Tuesday 10:00, past the moment it would have been at risk: neither tag.
    expect((await tagsAt('2026-11-06T14:30:00Z')).waiting).toBeUndefined();
  });

  it('shows my cases, my teams, all open cases and the unassigned ones', async () => {
    // Assigning is a later milestone than acknowledging, so it stops the acknowledgement clock: the
    // case now runs on its 5-day standard, due Tuesday 10 November.
    await assignCase(ctx('2026-11-04T09:00:00Z'), { reference: refs.dueToday!, expectedVersion: await version('dueToday'), teamId: c.streets.id, assigneeId: c.tom });
    expect(names((await queue(c.tom, { view: 'mine' })).items)).toEqual(['dueToday']);
    expect(names((await queue(c.sam, { view: 'mine' })).items)).toEqual([]);
    expect(names((await queue(c.tom, { view: 'all' })).items)).toEqual(['overdue', 'waiting', 'otherTeam', 'acknowledged', 'dueToday', 'noDueDate']);
    expect(names((await queue(c.tom, { view: 'unassigned' })).items)).toEqual(['overdue', 'waiting', 'otherTeam', 'acknowledged', 'noDueDate']);
    const outsider = await queue(c.newcomer);
    expect(outsider).toMatchObject({ total: 0, inTeams: false });
    expect((await queue(c.tom)).inTeams).toBe(true);
  });

  it('filters by service, status, ward (whatever its case), channel and team', async () => {
    const all = (query: Partial<QueueQuery>) => queue(c.tom, { view: 'all', ...query }).then((p) => names(p.items));
    expect(await all({ serviceId: c.ctax })).toEqual(['otherTeam']);
    expect(await all({ status: 'waiting_for_customer' })).toEqual(['waiting']);
    expect(await all({ ward: 'thornby' })).toEqual(['overdue']);
    expect(await all({ channel: 'phone' })).toEqual(['noDueDate']);
    expect(await all({ teamId: c.tax.id })).toEqual(['otherTeam']);
    expect(await all({ teamId: c.tax.id, channel: 'phone' })).toEqual([]);
    expect((await queue(c.tom, { view: 'all', serviceId: c.bins })).total).toBe(5);
  });

  it('offers the open statuses, services, teams and people to choose from', async () => {
    const { choices } = await queue(c.tom);
    // Every workflow's open statuses, each code once, workflows in code order (complaint, default).
    expect(choices.statuses.map((s) => s.value)).toEqual(['received', 'acknowledged', 'stage_1_waiting', 'escalated', 'stage_2_acknowledged', 'stage_2_waiting', 'in_progress', 'waiting_for_customer', 'reopened']);
    expect(choices.services.map((s) => s.text)).toEqual(['Bins', 'Council Tax']);
    expect(choices.teams.map((t) => t.text)).toEqual(['Council Tax', 'Street Scene']);
    expect(choices.people.map((p) => p.text)).toEqual(['Nobody Yet', 'Sam Whitfield', 'Tom Evans']);
  });

  it('counts my teams’ open cases for the navigation in one query, and nothing for someone in no team', async () => {
    expect(await store.countMyTeamsQueue(use().db, c.tom)).toEqual({ teams: 1, open: 5 });
    expect(await navigationCount(use().db, c.tom)).toBe(5);
    expect(await navigationCount(use().db, c.newcomer)).toBeUndefined();
  });

  it('keeps the due date it sorts by in step with the clocks', async () => {
    const nextDue = async () => (await sql<{ due: Date | null }>`SELECT next_due_at AS due FROM cases WHERE reference = ${refs.overdue}`.execute(use().db)).rows[0]?.due?.toISOString();
    expect(await nextDue()).toBe('2026-11-03T23:59:59.999Z');
    await changeStatus(ctx('2026-11-04T12:30:00Z'), { reference: refs.overdue!, expectedVersion: await version('overdue'), to: 'acknowledged' });
    expect(await nextDue()).toBe('2026-11-09T23:59:59.999Z');
    await changeStatus(ctx('2026-11-04T12:40:00Z'), { reference: refs.overdue!, expectedVersion: await version('overdue'), to: 'resolved', message: 'Done' });
    expect(await nextDue()).toBeUndefined();
    expect(names((await queue(c.tom)).items)).not.toContain('overdue');
  });

  it('shows 50 cases a page, in the same order across pages', async () => {
    const { db } = use();
    // 60 more cases with no due date, received one a minute after the others.
    const template = await db.selectFrom('cases').selectAll().where('reference', '=', refs.noDueDate!).executeTakeFirstOrThrow();
    const { service_id, request_type_id, request_type_version, workflow_code, status, status_category, team_id, channel } = template;
    await db
      .insertInto('cases')
      .values(Array.from({ length: 60 }, (_, i) => ({
        service_id, request_type_id, request_type_version, workflow_code, status, status_category, team_id, channel,
        reference: `FILL-${String(i).padStart(3, '0')}`, answers: '{}', contact: '{}', received_at: new Date(Date.UTC(2026, 10, 4, 10, i)),
      })))
      .execute();
    const first = await queue(c.tom);
    const second = await queue(c.tom, { page: 2 });
    expect(first.total).toBe(64);
    expect(first.pages).toBe(2);
    expect(first.items).toHaveLength(50);
    expect(second.items).toHaveLength(14);
    const all = [...first.items, ...second.items].map((i) => i.reference);
    expect(new Set(all).size).toBe(64);
    expect(all.at(-1)).toBe('FILL-059');
    expect(all.slice(0, 4)).toEqual([refs.waiting, refs.acknowledged, refs.dueToday, refs.noDueDate]);
  });
});
