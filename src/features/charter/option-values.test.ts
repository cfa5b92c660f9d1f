// Option values are identifiers other systems keep (FixMyStreet sends `where_on_road=road`): saving
// a request type through the admin form keeps them, a renamed label keeps its value, and an option
// that open cases still answer with can only go if the administrator says where those answers
// move, on the form and through the JSON API alike, on both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem } from '../../platform/api-keys/service.js';
import { removedOptions } from './option-values.js';
import * as charter from './service.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e]!);
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]!) : undefined;
};

/** What a browser would post from the page's form as it stands: inputs, checked boxes, textareas, selected options. */
function formValues(html: string): Record<string, string[]> {
  const form = /<form method="post"[\s\S]*?<\/form>/.exec(html.slice(html.indexOf('<main')))?.[0] ?? '';
  const out: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => name && (out[name] ??= []).push(value);
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const type = attr(tag, 'type') ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
    add(attr(tag, 'name'), attr(tag, 'value') ?? '');
  }
  for (const [, tag, text] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) add(attr(tag!, 'name'), unescape(text!.replace(/^\n/, '')));
  for (const [, tag, inner] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const selected = [...inner!.matchAll(/<option\b[^>]*>/g)].map(([o]) => o).find((o) => /\sselected\b/.test(o));
    add(attr(tag!, 'name'), selected ? (attr(selected, 'value') ?? '') : '');
  }
  return out;
}

/** The form input (by name) whose value is `value` among a field's existing options, e.g. `fields-0-options-3`. */
function optionInput(form: Record<string, string[]>, value: string): string {
  const name = Object.keys(form).find((k) => /^fields-\d+-options-\d+-value$/.test(k) && form[k]![0] === value);
  if (!name) throw new Error(`no option input for ${value}`);
  return name.replace(/-value$/, '');
}

forEachEngine('option values of request types', (_use, engine) => {
  let t: TestApp;
  let admin: Client;
  let open311 = '';
  let catalogue = '';
  let editUrl = '';
  beforeAll(async () => {
    t = await startTestApp(engine);
    admin = new Client(t.app);
    await admin.signIn('admin@brackenfield.example');
    const actor = { type: 'staff' as const, label: 'test' };
    open311 = (await createClientSystem(t.database.db, actor, { name: 'FixMyStreet', scopes: ['open311'], rateLimitPerMinute: 1000 })).key;
    catalogue = (await createClientSystem(t.database.db, actor, { name: 'Highways system', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: 1000 })).key;
    editUrl = `/staff/request-types/${(await charter.getRequestType(t.database.db, { code: 'report-pothole' })).id}/edit`;
  });
  afterAll(() => t.close());

  const pothole = () => charter.getRequestType(t.database.db, { code: 'report-pothole' });
  const optionsOf = async (code: string) => (await pothole()).fields.find((f) => f.code === code)?.options;

  /** FixMyStreet's report of a pothole, answering where it is with `where`. */
  const report = (where: string) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: open311, service_code: 'report-pothole', lat: '52.1', long: '-1.2', email: 'sam@example.com', 'attribute[where_on_road]': where, 'attribute[size]': 'small', 'attribute[immediate_danger]': 'no' }).toString(),
    });
  const raiseWith = async (where: string) => {
    const response = await report(where);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ service_request_id: string }[]>()[0]!.service_request_id;
  };
  const answerOf = async (reference: string) =>
    (await t.database.db.selectFrom('cases').select('answers').where('reference', '=', reference).executeTakeFirstOrThrow()).answers.where_on_road;

  const openForm = async () => {
    const page = await admin.get(editUrl);
    expect(page.statusCode).toBe(200);
    return formValues(page.body);
  };
  const save = (form: Record<string, string[]>) => admin.post(editUrl, { ...form, action: 'save' });

  it('keeps every option value when the demo pothole type is saved unchanged through the form', async () => {
    const before = await pothole();
    const response = await save(await openForm());
    expect(response.statusCode, response.body).toBe(303);
    const after = await pothole();
    expect(after.version).toBe(before.version + 1);
    expect(after.fields).toEqual(before.fields);
    expect(await optionsOf('where_on_road')).toContainEqual({ value: 'road', label: 'In the road' });
  });

  it('keeps the value when a label is renamed, so FixMyStreet’s report with the old value is still taken', async () => {
    const form = await openForm();
    form[`${optionInput(form, 'road')}-label`] = ['In the carriageway'];
    expect((await save(form)).statusCode).toBe(303);
    expect(await optionsOf('where_on_road')).toContainEqual({ value: 'road', label: 'In the carriageway' });
    expect(await answerOf(await raiseWith('road'))).toBe('road');

    const twice = await openForm();
    twice[`${optionInput(twice, 'pavement')}-label`] = ['In the carriageway'];
    const refused = await save(twice);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`<a href="#${optionInput(twice, 'pavement')}-label">Option label In the carriageway is used twice in field 1: each option needs its own label</a>`);
  });

  it('gives a new option a value made once from its label, and keeps it when the label changes', async () => {
    const form = await openForm();
    const where = optionInput(form, 'road').replace(/-options-\d+$/, '');
    form[`${where}-options`] = ['In a bus lane'];
    expect((await save(form)).statusCode).toBe(303);
    expect(await optionsOf('where_on_road')).toContainEqual({ value: 'in_a_bus_lane', label: 'In a bus lane' });
    const again = await openForm();
    again[`${optionInput(again, 'in_a_bus_lane')}-label`] = ['In a bus or tram lane'];
    expect((await save(again)).statusCode).toBe(303);
    expect(await optionsOf('where_on_road')).toContainEqual({ value: 'in_a_bus_lane', label: 'In a bus or tram lane' });
  });

  it('refuses to remove an option open cases answered with, naming it, until the administrator maps it; then moves the open cases only', async () => {
    const open = [await raiseWith('kerb'), await raiseWith('kerb')];
    const closed = await raiseWith('kerb');
    await t.database.db.updateTable('cases').set({ status: 'closed', status_category: 'closed' }).where('reference', '=', closed).execute();
    const before = await pothole();

    const form = await openForm();
    const kerb = optionInput(form, 'kerb');
    form[`${kerb}-label`] = [''];
    const refused = await save(form);
    expect(refused.statusCode).toBe(400);
    const message = '“On the kerb” (kerb) is the answer to “Where is the pothole?” in 2 open requests: keep the option, or choose the option those answers move to';
    expect(refused.body).toContain(`<a href="#${kerb}-mapTo">${message}</a>`);
    expect(refused.body).toContain(`<label class="govuk-label" for="${kerb}-mapTo">`);
    expect((await pothole()).version).toBe(before.version);

    const mapped = formValues(refused.body);
    expect(mapped[`${kerb}-mapTo`]).toEqual(['']);
    mapped[`${kerb}-mapTo`] = ['pavement'];
    const saved = await save(mapped);
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await optionsOf('where_on_road'))?.map((o) => o.value)).not.toContain('kerb');
    expect(await Promise.all(open.map(answerOf))).toEqual(['pavement', 'pavement']);
    expect(await answerOf(closed)).toBe('kerb');

    const db = t.database.db;
    const events = await db.selectFrom('case_event as e').innerJoin('cases as c', 'c.id', 'e.case_id').select(['c.reference', 'e.detail', 'e.public']).where('e.type', '=', 'answer_remapped').execute();
    expect(events.map((e) => e.reference).sort()).toEqual([...open].sort());
    expect(events[0]).toMatchObject({ public: false, detail: { field: 'where_on_road', from: 'kerb', fromLabel: 'On the kerb', to: 'pavement', toLabel: 'On the pavement' } });
    const audit = await db.selectFrom('audit_event').selectAll().where('action', '=', 'request_type.answers_remapped').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_type: 'staff', subject_id: before.id, detail: { field: 'where_on_road', from: 'kerb', to: 'pavement', version: before.version + 1 } });
    expect([...(audit.detail as { cases: string[] }).cases].sort()).toEqual([...open].sort());
    const page = await admin.get(`/staff/cases/${open[0]}`);
    expect(page.body).toContain('Answer changed: Where is the pothole?');
  });

  it('refuses the same removal through the JSON API with a field-level error, and moves the answers with optionMappings', async () => {
    const call = (method: 'GET' | 'PUT', payload?: object) =>
      t.app.inject({ method, url: '/api/v1/request-types/report-pothole', headers: { authorization: `Bearer ${catalogue}` }, ...(payload ? { payload } : {}) });
    const reference = await raiseWith('cycle_lane');
    const current = (await call('GET')).json<{ fields: { code: string; options?: { value: string }[] }[] } & Record<string, unknown>>();
    const fields = current.fields.map((f) => (f.code === 'where_on_road' ? { ...f, options: f.options!.filter((o) => o.value !== 'cycle_lane') } : f));
    const body = { ...current, fields, workflowCode: 'default' };

    const refused = await call('PUT', body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: 'invalid',
      fields: [{ field: 'fields.0.options', message: '“In a cycle lane” (cycle_lane) is the answer to “Where is the pothole?” in 1 open request: keep the option, or choose the option those answers move to' }],
    });
    const unknown = await call('PUT', { ...body, optionMappings: { where_on_road: { cycle_lane: 'kerb' } } });
    expect(unknown.json()).toMatchObject({ fields: [{ field: 'optionMappings.where_on_road.cycle_lane' }] });
    expect((await call('PUT', { ...body, optionMappings: ['road'] })).json()).toMatchObject({ fields: [{ field: 'optionMappings' }] });
    expect(await answerOf(reference)).toBe('cycle_lane');

    const saved = await call('PUT', { ...body, optionMappings: { where_on_road: { cycle_lane: 'road' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await answerOf(reference)).toBe('road');
  });
});

it('finds only values a choice field loses, not those of fields removed or relabelled', () => {
  const choice = (options: [string, string][]) => ({ code: 'bin', label: 'Which bin?', type: 'single_choice' as const, required: true, order: 1, options: options.map(([value, label]) => ({ value, label })) });
  const before = [choice([['general', 'General'], ['garden', 'Garden'], ['food', 'Food']])];
  const [removed, ...others] = removedOptions(before, [choice([['general', 'General waste'], ['food', 'Food']])]);
  expect(others).toEqual([]);
  expect(removed).toMatchObject({ fieldIndex: 0, field: { code: 'bin' }, option: { value: 'garden', label: 'Garden' } });
  expect(removedOptions(before, [{ code: 'other', label: 'Other', type: 'text', required: true, order: 1 }])).toEqual([]);
});
