// The action plan over HTTP on both engines: a manager adds an objective and actions (mistakes
// come back as an error summary naming each question, what was typed kept), a stale edit is
// refused, filters answer as a GET form, an overdue action is tagged; the owner (an officer with no
// performance role) opens their action and adds progress; an advisor is refused everywhere.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';

// Tuesday 1 December 2026, 10:00 in London.
const NOW = new Date('2026-12-01T10:00:00Z');
const BASE = '/staff/performance/action-plan';

forEachEngine('the action plan pages', (_use, engine) => {
  let t: TestApp;
  let officerId = '';
  let serviceId = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    officerId = (await t.database.db.selectFrom('staff_user').select('id').where('email', '=', 'officer@brackenfield.example').executeTakeFirstOrThrow()).id;
    serviceId = (await t.database.db.selectFrom('service').select('id').orderBy('name').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t?.close());

  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };
  const objectiveId = async () => (await t.database.db.selectFrom('action_plan_objective').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id;
  const actionForm = async (change: Record<string, string | string[]> = {}) => ({
    objectiveId: await objectiveId(), title: 'Publish bin days online', description: '', ownerId: officerId,
    'dueOn-day': '30', 'dueOn-month': '11', 'dueOn-year': '2026', status: 'in_progress', rag: 'amber', kind: 'action',
    serviceId: '', 'plannedOn-day': '', 'plannedOn-month': '', 'plannedOn-year': '', ...change,
  });

  it('lets a manager add an objective, refusing one with no title', async () => {
    const manager = await signedIn('manager@brackenfield.example');
    const empty = await manager.get(BASE);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('The action plan has no objectives yet');
    await manager.get(`${BASE}/objectives/new`);
    const refused = await manager.post(`${BASE}/objectives/new`, { title: ' ', description: 'Kept', position: '1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#title">Enter the objective’s title');
    expect(refused.body).toContain('Kept');
    const added = await manager.post(`${BASE}/objectives/new`, { title: 'Resolve more at first contact', description: '', position: '1' });
    expect(added.statusCode).toBe(303);
    expect((await manager.get(BASE)).body).toContain('1. Resolve more at first contact');
  });

  it('names each missing answer on the action form, keeps what was typed, and adds a valid action', async () => {
    const manager = await signedIn('manager@brackenfield.example');
    const form = await manager.get(`${BASE}/actions/new?objective=${await objectiveId()}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${await objectiveId()}" selected`);
    const refused = await manager.post(`${BASE}/actions/new`, await actionForm({ title: '', ownerId: '', 'dueOn-day': '', 'dueOn-month': '', 'dueOn-year': '', description: 'Keep <this>' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#title">Enter the action’s title');
    expect(refused.body).toContain('href="#ownerId">Select who owns this action');
    expect(refused.body).toContain('href="#dueOn-day">Enter the due date');
    expect(refused.body).toContain('Keep &lt;this&gt;');
    expect(await t.database.db.selectFrom('action_plan_action').select('id').execute()).toEqual([]);

    const added = await manager.post(`${BASE}/actions/new`, await actionForm());
    expect(added.statusCode).toBe(303);
    const page = await manager.get(String(added.headers.location));
    expect(page.body).toContain('Action added');
    expect(page.body).toContain('Amber: at risk');
    // Due yesterday and still in progress.
    expect(page.body).toMatch(/govuk-tag--red">\s*Overdue/);
  });

  it('shows a service migration with "No data" while nothing measures first contact resolution by service', async () => {
    const manager = await signedIn('manager@brackenfield.example');
    await manager.get(`${BASE}/actions/new`);
    const added = await manager.post(`${BASE}/actions/new`, await actionForm({
      title: 'Move council tax calls', kind: 'service_migration', serviceId, 'plannedOn-day': '1', 'plannedOn-month': '10', 'plannedOn-year': '2026', 'dueOn-day': '31', 'dueOn-month': '3', 'dueOn-year': '2027', rag: 'green',
    }));
    expect(added.statusCode, added.body).toBe(303);
    const page = await manager.get(String(added.headers.location));
    expect(page.body).toContain('Before: 1 July 2026 to 30 September 2026');
    expect(page.body).toContain('No data');
    expect(page.body).not.toMatch(/govuk-tag--red">\s*Overdue/);
  });

  it('filters by status, owner and overdue with a GET form', async () => {
    const manager = await signedIn('manager@brackenfield.example');
    const overdue = await manager.get(`${BASE}?overdue=yes`);
    expect(overdue.body).toContain('Publish bin days online');
    expect(overdue.body).not.toContain('Move council tax calls');
    const notStarted = await manager.get(`${BASE}?status=open`);
    expect(notStarted.body).toContain('No actions match the filters');
    const owned = await manager.get(`${BASE}?owner=${officerId}&status=in_progress`);
    expect(owned.body).toContain('2 actions matching the filters, 1 overdue');
  });

  it('refuses a stale edit, showing the action as saved now', async () => {
    const manager = await signedIn('manager@brackenfield.example');
    const id = (await t.database.db.selectFrom('action_plan_action').select('id').where('title', '=', 'Publish bin days online').executeTakeFirstOrThrow()).id;
    await manager.get(`${BASE}/actions/${id}/edit`);
    const saved = await manager.post(`${BASE}/actions/${id}/edit`, await actionForm({ version: '1', rag: 'red' }));
    expect(saved.statusCode).toBe(303);
    const stale = await manager.post(`${BASE}/actions/${id}/edit`, await actionForm({ version: '1', title: 'Someone else’s title' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('This action changed since you opened it');
    expect(stale.body).toContain('Red: off track');
    expect(stale.body).toContain('value="Someone else’s title"');
  });

  it('lets the owner, who has no performance role, open their action and add progress but not change its RAG', async () => {
    const id = (await t.database.db.selectFrom('action_plan_action').select('id').where('title', '=', 'Publish bin days online').executeTakeFirstOrThrow()).id;
    const officer = await signedIn('officer@brackenfield.example');
    expect((await officer.get(BASE)).statusCode).toBe(403);
    // The staff home page is where the owner finds it.
    const home = await officer.get('/staff');
    expect(home.body).toContain('Your action plan actions');
    expect(home.body).toContain(`href="${BASE}/actions/${id}">Publish bin days online</a>`);
    const page = await officer.get(`${BASE}/actions/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Add a progress note');
    expect(page.body).not.toContain('Change the RAG status?');
    expect(page.body).not.toContain('Change this action');
    const empty = await officer.post(`${BASE}/actions/${id}/progress`, { note: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#note">Enter the progress note');
    const added = await officer.post(`${BASE}/actions/${id}/progress`, { note: 'Page drafted, with the web team', progressRag: 'green' });
    expect(added.statusCode).toBe(303);
    const after = await officer.get(`${BASE}/actions/${id}`);
    expect(after.body).toContain('Page drafted, with the web team');
    expect(after.body).toContain('Red: off track');
  });

  it('refuses an advisor the plan, the action page and its progress form', async () => {
    const id = (await t.database.db.selectFrom('action_plan_action').select('id').where('title', '=', 'Publish bin days online').executeTakeFirstOrThrow()).id;
    const advisor = await signedIn('advisor@brackenfield.example');
    expect((await advisor.get(BASE)).statusCode).toBe(403);
    expect((await advisor.get(`${BASE}/objectives/new`)).statusCode).toBe(403);
    const page = await advisor.get(`${BASE}/actions/${id}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Only the action’s owner and the managers of the action plan can see this action');
    expect((await advisor.post(`${BASE}/actions/${id}/progress`, { note: 'Not mine' })).statusCode).toBe(403);
    expect((await advisor.get(`${BASE}/actions/not-an-id`)).statusCode).toBe(404);
  });
});
