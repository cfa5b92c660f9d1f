// Each request type chooses the workflow its cases follow: a select on the administrator's form,
// and an unknown workflow is a field error, never a database error, on both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { InvalidInput } from '../../../platform/errors.js';
import { requestTypeSchema } from '../../charter/request-types.js';
import * as charter from '../../charter/service.js';

const FORM = {
  name: 'Report a broken bench',
  code: 'broken-bench',
  description: '',
  teamId: '',
  audiences: ['resident', 'advisor'],
  fieldCount: '1',
  'fields-0-label': 'Where is the bench?',
  'fields-0-code': 'where',
  'fields-0-type': 'text',
  'fields-0-required': 'yes',
  action: 'save',
};

forEachEngine('choosing a workflow per request type', (use, engine) => {
  let t: TestApp;
  let serviceId = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { database: use() });
    serviceId = (await charter.getService(t.database.db, { code: 'graffiti' })).id;
  });
  afterAll(() => t.close());

  async function admin(): Promise<Client> {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    return client;
  }

  it('offers the workflows on the request type form, the default chosen for a new one', async () => {
    const page = await (await admin()).get(`/staff/services/${serviceId}/request-types/new`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label class="govuk-label" for="workflowCode">');
    expect(page.body).toMatch(/<option value="default" selected>Standard service request<\/option>/);
  });

  it('answers an unknown workflow with a field error, keeping what was typed', async () => {
    const client = await admin();
    const url = `/staff/services/${serviceId}/request-types/new`;
    await client.get(url);
    for (const workflowCode of ['no-such-workflow', 'Not A Code!']) {
      const response = await client.post(url, { ...FORM, workflowCode });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('<a href="#workflowCode">Choose a workflow from the list</a>');
      expect(response.body).toContain('value="Report a broken bench"');
    }
    expect(await t.database.db.selectFrom('request_type').select('id').where('code', '=', 'broken-bench').execute()).toHaveLength(0);
  });

  it('saves the workflow chosen, and refuses an unknown one when revising', async () => {
    const client = await admin();
    const url = `/staff/services/${serviceId}/request-types/new`;
    await client.get(url);
    const saved = await client.post(url, { ...FORM, workflowCode: 'default' });
    expect(saved.statusCode).toBe(303);
    const requestType = await charter.getRequestType(t.database.db, { code: 'broken-bench' });
    expect(requestType.workflowCode).toBe('default');

    const edit = await client.get(`/staff/request-types/${requestType.id}/edit`);
    expect(edit.body).toMatch(/<option value="default" selected>/);
    const revised = await client.post(`/staff/request-types/${requestType.id}/edit`, { ...FORM, version: '1', active: 'yes', workflowCode: 'no-such-workflow' });
    expect(revised.statusCode).toBe(400);
    expect(revised.body).toContain('Choose a workflow from the list');

    const actor = { type: 'staff' as const, label: 'test' };
    const input = requestTypeSchema.parse({ ...FORM, code: 'another-bench', fields: [{ code: 'where', label: 'Where?', type: 'text', required: true, order: 1 }], workflowCode: 'nope' });
    await expect(charter.addRequestType(t.database.db, actor, serviceId, input)).rejects.toThrow(InvalidInput);
    await expect(charter.reviseRequestType(t.database.db, actor, requestType.id, { ...input, code: 'broken-bench' }, 1)).rejects.toMatchObject({ issues: [{ field: 'workflowCode', message: 'Choose a workflow from the list' }] });
  });
});
