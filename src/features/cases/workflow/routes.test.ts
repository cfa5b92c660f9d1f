// Workflows as administrators change them: renaming statuses for staff and residents, choosing
// moves, adding a status, copying a workflow; refusals keep what was typed; cases follow the change.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, DEMO_PASSWORD, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { describeInBrowser, expectAccessible, signInAs } from '../../../../test/support/browser.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { getWorkflow } from './service.js';

forEachEngine('the workflow pages', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const signedIn = async (email: string) => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };
  /** The edit form as the page would post it, from the saved workflow, with `change` applied. */
  const formOf = async (change: Record<string, string | string[]> = {}) => {
    const workflow = (await getWorkflow(t.database.db, 'default'))!;
    const form: Record<string, string | string[]> = { name: workflow.name, updatedAt: workflow.updatedAt };
    workflow.statuses.forEach((s, i) => Object.assign(form, { [`name-${i}`]: s.name, [`publicName-${i}`]: s.publicName, [`milestone-${i}`]: s.milestone ?? '', [`next-${i}`]: s.next }));
    return { ...form, ...change };
  };

  it('shows every member of staff the workflows, and offers changes to administrators only', async () => {
    const advisor = await signedIn('advisor@brackenfield.example');
    const page = await advisor.get('/staff/workflows/default');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Waiting for customer');
    expect(page.body).not.toContain('Save workflow');
    expect((await advisor.post('/staff/workflows/default', await formOf())).statusCode).toBe(403);
    expect((await advisor.get('/staff/workflows/nonesuch')).statusCode).toBe(404);
  });

  it('renames a status for residents, adds a status and allows moves into it', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const posted = await admin.post('/staff/workflows/default', await formOf({ 'publicName-3': 'We need more information', 'new-code': 'awaiting_parts', 'new-name': 'Awaiting parts', 'new-publicName': 'Waiting for parts', 'new-category': 'open' }));
    expect(posted.statusCode).toBe(303);
    let workflow = (await getWorkflow(t.database.db, 'default'))!;
    expect(workflow.statuses[3]?.publicName).toBe('We need more information');
    expect(workflow.statuses.at(-1)).toMatchObject({ code: 'awaiting_parts', category: 'open', next: [] });
    await admin.post('/staff/workflows/default', await formOf({ 'next-2': ['awaiting_parts', 'resolved'], [`next-${workflow.statuses.length - 1}`]: ['in_progress'] }));
    workflow = (await getWorkflow(t.database.db, 'default'))!;
    expect(workflow.statuses[2]?.next).toEqual(['awaiting_parts', 'resolved']);
    const audit = await t.database.db.selectFrom('audit_event').select('action').where('action', '=', 'workflow.changed').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses a blank name and a second save from a stale page, keeping what was typed', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    const blank = await admin.post('/staff/workflows/default', await formOf({ 'name-1': '', 'publicName-2': 'Kept text' }));
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('govuk-error-summary');
    expect(blank.body).toContain('Enter the status name staff see');
    expect(blank.body).toContain('value="Kept text"');
    const stale = await formOf({ 'publicName-2': 'Mine' });
    await admin.post('/staff/workflows/default', await formOf());
    const refused = await admin.post('/staff/workflows/default', stale);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This workflow changed since you opened it');
    expect(refused.body).toContain('value="Mine"');
  });

  it('copies a workflow under a new code, refusing a taken code', async () => {
    const admin = await signedIn('admin@brackenfield.example');
    expect((await admin.post('/staff/workflows', { from: 'default', name: 'Housing repairs', code: 'housing-repairs' })).headers.location).toBe('/staff/workflows/housing-repairs');
    const again = await admin.post('/staff/workflows', { from: 'default', name: 'Again', code: 'housing-repairs' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('A workflow with this code already exists');
  });
});

describeInBrowser('the workflow pages in a browser', (use) => {
  it('are accessible, with and without errors', async () => {
    const page = await use().newPage();
    await signInAs(page, 'admin@brackenfield.example', DEMO_PASSWORD);
    await page.goto('/staff/workflows');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Copy workflow' }).click();
    await expectAccessible(page);
    await page.goto('/staff/workflows/default');
    await expectAccessible(page);
    await page.getByLabel('Code', { exact: true }).fill('Bad Code!');
    await page.getByRole('button', { name: 'Save workflow' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Status codes use lowercase letters');
    await expectAccessible(page);
  }, 120_000);
});
