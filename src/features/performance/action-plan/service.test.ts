// The action plan on both engines: objectives and actions saved and refused when stale, progress
// notes (the owner's, a manager's with a RAG change, a stranger's refused), the overdue job telling
// an owner once per due date and again after the date moves and passes, a service migration's
// first contact resolution before and after through a fake contacts.fcr, "No data" without one,
// and the review's JSON-safe section.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { bootstrap } from '../../../bootstrap.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { percentOf, quarter, type Kpi, type KpiSource, type Range } from '../../../platform/kpi/index.js';
import { recurringEvery } from '../../../platform/jobs/jobs.js';
import { createKpiRegistry } from '../registry.js';
import { OVERDUE_JOB } from './job.js';
import { addMonths, migrationWindows, readActionForm, readProgressForm, type ActionInput } from './model.js';
import {
  actionPlanForReview, addAction, addObjective, addProgress, changeAction, getActionDetail, listPlan, migrationFcr, NotAllowed, notifyOverdueActions,
} from './service.js';

// Tuesday 1 December 2026, 10:00 in London.
const NOW = new Date('2026-12-01T10:00:00Z');

describe('the action form and the migration windows', () => {
  it('names every missing answer in the page’s order, the due date linking to its first box', () => {
    const read = readActionForm({ kind: 'action' });
    expect(!read.ok && read.errors.summary).toEqual([
      { text: 'Select the objective this action is for', href: '#objectiveId' },
      { text: 'Enter the action’s title', href: '#title' },
      { text: 'Select who owns this action', href: '#ownerId' },
      { text: 'Enter the due date', href: '#dueOn-day' },
      { text: 'Select the action’s status', href: '#status' },
      { text: 'Select the action’s RAG status', href: '#rag' },
    ]);
  });

  it('asks a service migration for its service and planned date, and links a bad month to its box', () => {
    const read = readActionForm({ kind: 'service_migration', 'plannedOn-day': '1', 'plannedOn-month': '13', 'plannedOn-year': '2027' });
    expect(!read.ok && read.errors.summary.slice(-2)).toEqual([
      { text: 'Select the service whose contact is moving into customer services', href: '#serviceId' },
      { text: 'Planned date must be a real date', href: '#plannedOn-month' },
    ]);
  });

  it('lets only a manager change the RAG with a note', () => {
    expect(readProgressForm({ note: ' Done the first half ', progressRag: 'red' }, false)).toEqual({ ok: true, value: { note: 'Done the first half', rag: null } });
    expect(readProgressForm({ note: 'x', progressRag: 'red' }, true)).toEqual({ ok: true, value: { note: 'x', rag: 'red' } });
    const empty = readProgressForm({ note: '  ' }, true);
    expect(!empty.ok && empty.errors.summary).toEqual([{ text: 'Enter the progress note', href: '#note' }]);
  });

  it('runs the overdue check every hour, in every process that imports the feature', () => {
    expect(recurringEvery(OVERDUE_JOB)).toBe(3_600_000);
  });

  it('takes the three months either side of the planned date, in London days', () => {
    expect(addMonths('2027-05-31', -3)).toBe('2027-02-28');
    const w = migrationWindows('2026-11-15');
    expect(w.before).toMatchObject({ firstDay: '2026-08-15', lastDay: '2026-11-14', from: new Date('2026-08-14T23:00:00Z'), to: new Date('2026-11-15T00:00:00Z') });
    expect(w.after).toMatchObject({ firstDay: '2026-11-15', lastDay: '2027-02-14', from: new Date('2026-11-15T00:00:00Z'), to: new Date('2027-02-15T00:00:00Z') });
  });
});

/** A stand-in for contacts.fcr by service: 60% before 1 October 2026 and 80% from it, for one service only. */
function fakeFcr(serviceId: string): KpiSource {
  const fcr: Kpi = {
    code: 'contacts.fcr',
    name: 'First contact resolution',
    definition: 'Counted by hand.',
    unit: 'percent',
    direction: 'higher',
    breakdowns: ['service'],
    defaultTarget: { target: 75, red: 65 },
    compute: (_db, range: Range, by) => {
      const after = range.from >= new Date('2026-10-01T00:00:00+01:00');
      const figure = after ? percentOf(40, 50) : percentOf(30, 50);
      return Promise.resolve({ total: figure, rows: by === 'service' ? [{ key: serviceId, label: 'The service', figure }] : [] });
    },
  };
  return { section: { code: 'contacts', title: 'Contacts and channel shift', order: 20 }, kpis: () => Promise.resolve([fcr]) };
}

forEachEngine('the action plan', (use) => {
  let db: Db;
  let manager: Actor;
  let owner: Actor;
  let ownerId = '';
  let officerEmail = '';
  let serviceId = '';
  let objectiveId = '';
  const noKpis = createKpiRegistry([]);

  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const users = await db.selectFrom('staff_user').select(['id', 'email', 'display_name']).execute();
    const find = (email: string) => users.find((u) => u.email === email)!;
    manager = { type: 'staff', id: find('manager@brackenfield.example').id, label: 'Sam Whitfield' };
    const officer = find('officer@brackenfield.example');
    ownerId = officer.id;
    officerEmail = officer.email;
    owner = { type: 'staff', id: officer.id, label: officer.display_name };
    serviceId = (await db.selectFrom('service').select('id').orderBy('name').executeTakeFirstOrThrow()).id;
    objectiveId = await addObjective({ db, actor: manager, now: NOW }, { title: 'Resolve more at first contact', description: '', position: 1 });
  });

  const input = (change: Partial<ActionInput> = {}): ActionInput => ({
    objectiveId, title: 'Publish bin days online', description: '', ownerId, dueOn: '2026-12-15', status: 'open', rag: 'green', kind: 'action', serviceId: null, plannedOn: null, kpiCodes: [], ...change,
  });

  it('adds an action, refuses a stale edit, and audits both', async () => {
    const ctx = { db, actor: manager, now: NOW };
    const id = await addAction(ctx, noKpis, input());
    await changeAction(ctx, noKpis, id, 1, input({ status: 'in_progress' }));
    await expect(changeAction(ctx, noKpis, id, 1, input({ title: 'Someone else’s change' }))).rejects.toThrow(StaleEditError);
    await expect(changeAction(ctx, noKpis, id, 2, input({ kpiCodes: ['nothing.such'] }))).rejects.toThrow(InvalidInput);
    const detail = await getActionDetail(db, noKpis, id, NOW);
    expect(detail).toMatchObject({ title: 'Publish bin days online', status: 'in_progress', statusName: 'In progress', version: 2, overdue: false, ragName: 'Green: on track' });
    const audit = await db.selectFrom('audit_event').select('action').where('subject_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['action_plan.action_added', 'action_plan.action_changed']);
  });

  it('keeps progress notes: the owner’s, a manager’s RAG change (which moves the version), and refuses anyone else', async () => {
    const id = await addAction({ db, actor: manager, now: NOW }, noKpis, input({ title: 'Train advisors on council tax' }));
    await addProgress({ db, actor: owner, now: NOW }, id, { note: 'Half the team trained', rag: 'red' }, { asManager: false });
    const later = new Date(NOW.getTime() + 60_000);
    await addProgress({ db, actor: manager, now: later }, id, { note: 'Trainer off sick', rag: 'amber' }, { asManager: true });
    const advisor: Actor = { type: 'staff', id: '00000000-0000-4000-8000-000000000009', label: 'Someone else' };
    await expect(addProgress({ db, actor: advisor, now: later }, id, { note: 'Not mine', rag: null }, { asManager: false })).rejects.toThrow(NotAllowed);
    const detail = await getActionDetail(db, noKpis, id, later);
    expect(detail?.rag).toBe('amber');
    expect(detail?.version).toBe(2);
    expect(detail?.progress.map((p) => ({ by: p.byLabel, note: p.note, rag: p.rag, ragBefore: p.ragBefore }))).toEqual([
      { by: 'Sam Whitfield', note: 'Trainer off sick', rag: 'amber', ragBefore: 'green' },
      // The owner's note did not change the RAG: only managers set it.
      { by: 'Tom Evans', note: 'Half the team trained', rag: null, ragBefore: null },
    ]);
    await expect(changeAction({ db, actor: manager, now: later }, noKpis, id, 1, input())).rejects.toThrow(StaleEditError);
  });

  it('tells the owner of an overdue action once per due date, and again when a moved date passes', async () => {
    const ctx = { db, actor: manager, now: NOW };
    const id = await addAction(ctx, noKpis, input({ title: 'Close the old phone line', dueOn: '2026-11-30' }));
    await addAction(ctx, noKpis, input({ title: 'Already complete', dueOn: '2026-11-01', status: 'done' }));
    const told = async () => db.selectFrom('notification').select(['recipient', 'subject', 'body']).where('template_code', '=', 'action_plan.overdue').execute();

    expect(await notifyOverdueActions({ db, now: NOW, publicUrl: 'https://desk.example/' })).toBe(1);
    expect(await notifyOverdueActions({ db, now: new Date(NOW.getTime() + 3_600_000), publicUrl: 'https://desk.example' })).toBe(0);
    const first = await told();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ recipient: officerEmail, subject: 'Overdue: Close the old phone line' });
    expect(first[0]!.body).toContain('was due on 30 November 2026');
    expect(first[0]!.body).toContain(`https://desk.example/staff/performance/action-plan/actions/${id}`);
    expect((await listPlan(db, { overdue: true }, NOW)).flatMap((o) => o.actions.map((a) => a.title))).toEqual(['Close the old phone line']);

    // Moved to 10 December: not overdue on 1 December, told again once it passes.
    await changeAction(ctx, noKpis, id, 1, input({ title: 'Close the old phone line', dueOn: '2026-12-10' }));
    expect(await notifyOverdueActions({ db, now: NOW, publicUrl: 'https://desk.example' })).toBe(0);
    const eleventh = new Date('2026-12-11T09:00:00Z');
    expect(await notifyOverdueActions({ db, now: eleventh, publicUrl: 'https://desk.example' })).toBe(1);
    expect(await notifyOverdueActions({ db, now: eleventh, publicUrl: 'https://desk.example' })).toBe(0);
    expect((await told()).map((n) => n.body.includes('was due on 10 December 2026'))).toEqual([false, true]);
    expect((await getActionDetail(db, noKpis, id, eleventh))?.overdueNotifiedAt).toEqual(eleventh);
  });

  it('compares a service migration’s first contact resolution before and after through the registry, and says "No data" without it', async () => {
    const registry = createKpiRegistry([fakeFcr(serviceId)]);
    const before = await migrationFcr(db, registry, serviceId, '2026-10-01', new Date('2026-09-20T10:00:00Z'));
    expect(before).toMatchObject({ available: true, before: { value: 60, numerator: 30, denominator: 50 }, after: { value: null }, afterState: 'not_started' });
    const during = await migrationFcr(db, registry, serviceId, '2026-10-01', NOW);
    expect(during).toMatchObject({ before: { value: 60 }, after: { value: 80 }, afterState: 'running', beforeWindow: { firstDay: '2026-07-01', lastDay: '2026-09-30' } });
    // Another service has no row: no data, not 0%.
    const other = await migrationFcr(db, registry, '00000000-0000-4000-8000-000000000001', '2026-10-01', NOW);
    expect(other.before).toEqual({ value: null, count: 0 });
    const missing = await migrationFcr(db, noKpis, serviceId, '2026-10-01', NOW);
    expect(missing).toMatchObject({ available: false, before: { value: null }, after: { value: null } });

    const id = await addAction({ db, actor: manager, now: NOW }, registry, input({ title: 'Move council tax calls', kind: 'service_migration', serviceId, plannedOn: '2026-10-01', kpiCodes: ['contacts.fcr'] }));
    const detail = await getActionDetail(db, registry, id, NOW);
    expect(detail?.migration?.after.value).toBe(80);
    expect(detail?.kpis).toEqual([expect.objectContaining({ code: 'contacts.fcr', name: 'First contact resolution', figureText: '80% (40 of 50)', rag: 'green' })]);
  });

  it('gives the review the plan as plain JSON, leaving out actions closed before the quarter', async () => {
    const registry = createKpiRegistry([fakeFcr(serviceId)]);
    const ctx = { db, actor: manager, now: new Date('2026-09-01T10:00:00Z') };
    await addAction(ctx, registry, input({ title: 'Finished last quarter', status: 'done' }));
    const review = await actionPlanForReview(db, registry, quarter(2026, 4), new Date('2026-12-11T09:00:00Z'));
    expect(JSON.parse(JSON.stringify(review))).toEqual(review);
    const titles = review.objectives.flatMap((o) => o.actions.map((a) => a.title));
    expect(titles).not.toContain('Finished last quarter');
    expect(titles).toContain('Move council tax calls');
    const migration = review.objectives[0]!.actions.find((a) => a.kind === 'service_migration');
    expect(migration?.migration).toMatchObject({ fcrBefore: { value: 60 }, fcrAfter: { value: 80 }, fcrAvailable: true });
    const train = review.objectives[0]!.actions.find((a) => a.title === 'Train advisors on council tax');
    expect(train?.latestProgress).toEqual({ on: '2026-12-01', note: 'Trainer off sick' });
    expect(review.counts).toMatchObject({ total: titles.length, done: 1, overdue: 1, amber: 1 });
  });
});
