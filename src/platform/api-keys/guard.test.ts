// API routes through HTTP: only a key authenticates (never the staff session cookie), a key needs
// the route's scope, each key has its own rate limit, and errors are JSON.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createClientSystem, revokeKey } from './service.js';

const admin = { type: 'staff' as const, label: 'Test administrator' };

forEachEngine('API keys over HTTP', (_use, engine) => {
  let t: TestApp;
  let reader = '';
  let open311Only = '';
  beforeAll(async () => {
    t = await startTestApp(engine);
    reader = (await createClientSystem(t.database.db, admin, { name: 'Housing system', scopes: ['catalogue:read'], rateLimitPerMinute: 1000 })).key;
    open311Only = (await createClientSystem(t.database.db, admin, { name: 'FixMyStreet', scopes: ['open311'], rateLimitPerMinute: 1000 })).key;
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('refuses a call without a key: 401 JSON saying how to send one', async () => {
    const response = await get('/api/v1/services');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.json()).toEqual({ error: 'unauthenticated', message: 'Send your API key in an Authorization header: Bearer <key>' });
  });

  it('refuses an unknown key and a malformed header with 401', async () => {
    expect((await get('/api/v1/services', bearer('cd_not-a-real-key'))).json()).toMatchObject({ error: 'unauthenticated', message: 'The API key is not recognised' });
    expect((await get('/api/v1/services', { authorization: `Basic ${reader}` })).statusCode).toBe(401);
  });

  it('refuses a key without the route’s scope with 403', async () => {
    const response = await get('/api/v1/services', bearer(open311Only));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'forbidden', message: 'The API key does not allow catalogue:read: ask the council to add that scope' });
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/services', headers: bearer(reader), payload: { code: 'x' } });
    expect(write.statusCode).toBe(403);
  });

  it('never accepts the staff session cookie: an administrator signed in gets 401, on reads and writes', async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    expect(client.cookie('charterdesk_session')).toBeTruthy();
    expect((await client.get('/api/v1/services')).statusCode).toBe(401);
    const posted = await client.post('/api/v1/services', { code: 'by-cookie', name: 'By cookie', department: 'X', channels: 'web' });
    expect(posted.statusCode).toBe(401);
    expect(posted.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('accepts the key in a Bearer header or as an Open311-style api_key field, and audits the call as the client', async () => {
    const response = await get('/api/v1/services', bearer(reader));
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-ratelimit-limit']).toBe('1000');
    expect((await get(`/api/v1/services?api_key=${encodeURIComponent(reader)}`)).statusCode).toBe(200);
    const events = await t.database.db.selectFrom('audit_event').selectAll().where('action', '=', 'api.read').execute();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor_type: 'client', actor_label: 'Housing system', detail: { route: 'GET /api/v1/services' } });
    // The key sent in the query string is not written to the audit trail.
    expect(JSON.stringify(events)).not.toContain(reader.slice(3));
    const used = await t.database.db.selectFrom('api_key').select('last_used_at').where('prefix', '=', reader.slice(0, 11)).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBeInstanceOf(Date);
  });

  it('limits each key to its calls a minute with 429 JSON, leaving other keys alone', async () => {
    const limited = (await createClientSystem(t.database.db, admin, { name: 'Chatty system', scopes: ['catalogue:read'], rateLimitPerMinute: 3 })).key;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/api/v1/services', bearer(limited))).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get('/api/v1/services', bearer(limited));
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(refused.json<{ message: string }>().message).toMatch(/^This key may make 3 calls a minute: try again in \d+ seconds$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get('/api/v1/services', bearer(reader))).statusCode).toBe(200);
  });

  it('stops accepting a revoked key at once', async () => {
    const created = await createClientSystem(t.database.db, admin, { name: 'Old system', scopes: ['catalogue:read'], rateLimitPerMinute: 60 });
    expect((await get('/api/v1/services', bearer(created.key))).statusCode).toBe(200);
    await revokeKey(t.database.db, admin, created.keyId);
    const response = await get('/api/v1/services', bearer(created.key));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthenticated', message: 'The API key has been revoked: ask the council for a new one' });
  });

  it('answers an unknown API address with 404 JSON', async () => {
    const response = await get('/api/v1/nothing-here', bearer(reader));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });
});

forEachEngine('API key staff pages', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('are for administrators only', async () => {
    const officer = new Client(t.app);
    await officer.signIn('officer@brackenfield.example');
    expect((await officer.get('/staff/api-keys')).statusCode).toBe(403);
  });

  it('add a client system showing the key once, refuse mistakes, and revoke with CSRF protection', async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    // The demo council comes with its Open311 client; nothing else yet.
    expect((await client.get('/staff/api-keys')).body).toContain('FixMyStreet (demo)');
    await client.get('/staff/api-keys/new');
    const wrong = await client.post('/staff/api-keys/new', { name: '', rateLimitPerMinute: 'lots' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Enter the name of the client system');
    expect(wrong.body).toContain('Select at least one thing the key may do');
    const created = await client.post('/staff/api-keys/new', { name: 'Back office', scopes: ['catalogue:read', 'catalogue:write'], rateLimitPerMinute: '120' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = /value="(cd_[A-Za-z0-9_-]{43})"/.exec(created.body)?.[1];
    expect(key).toBeTruthy();
    const list = await client.get('/staff/api-keys');
    expect(list.body).toContain('Back office');
    expect(list.body).toContain(key!.slice(0, 11));
    expect(list.body).not.toContain(key!.slice(11));
    expect((await t.app.inject({ url: '/api/v1/services', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);

    const revokeUrl = /href="(\/staff\/api-keys\/[0-9a-f-]{36}\/revoke)"/.exec(list.body)?.[1];
    expect(revokeUrl).toBeTruthy();
    expect((await client.get(revokeUrl!)).body).toContain(`Are you sure you want to revoke key ${key!.slice(0, 11)}?`);
    expect((await client.post(revokeUrl!, {}, { csrf: false })).statusCode).toBe(403);
    const revoked = await client.post(revokeUrl!, {});
    expect(revoked.statusCode).toBe(303);
    expect((await client.get(revoked.headers.location as string)).body).toContain('has been revoked');
    expect((await t.app.inject({ url: '/api/v1/services', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
    expect((await client.get('/staff/api-keys/not-a-key/revoke')).statusCode).toBe(404);
  });
});
