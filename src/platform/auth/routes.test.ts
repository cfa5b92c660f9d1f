// Signing in through the web, as a browser (or someone guessing passwords) does it: the same answer
// for every email, slowing down without locking anyone out, one session per browser, CSRF tokens
// bound to the session, and __Host- cookies over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DEMO_PASSWORD, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { THROTTLE } from './throttle.js';

const errorOf = (body: string) => /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1]?.replace(/href="[^"]*"/g, '').trim();
const tokenIn = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

forEachEngine('signing in on the web', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('answers an unknown email exactly as a known one, before and after tries are slowed', async () => {
    const answers = async (email: string) => {
      const client = new Client(t.app, { remoteAddress: '198.51.100.20' });
      await client.get('/sign-in');
      const out = [];
      for (let i = 0; i < THROTTLE.freeTries + 1; i++) {
        const response = await client.post('/sign-in', { email, password: 'not the password' });
        out.push({ status: response.statusCode, error: errorOf(response.body) });
      }
      return out;
    };
    const known = await answers('advisor@brackenfield.example');
    expect(known[0]?.status).toBe(401);
    expect(known[0]?.error).toContain('The email address or password is not right');
    expect(known.at(-1)?.status).toBe(429);
    expect(known.at(-1)?.error).toContain('Wait 1 minute, then try again');
    expect(await answers('nobody@brackenfield.example')).toEqual(known);
  });

  it('slows repeated wrong passwords from one address with a clear message, refusing even the right password', async () => {
    const client = new Client(t.app, { remoteAddress: '198.51.100.21' });
    await client.get('/sign-in');
    let last;
    for (let i = 0; i < THROTTLE.freeTries; i++) last = await client.post('/sign-in', { email: 'complaints@brackenfield.example', password: `guess number ${i}` });
    expect(last?.statusCode).toBe(429);
    expect(last?.headers['retry-after']).toBe('60');
    expect(errorOf(last?.body ?? '')).toContain('There have been too many wrong passwords for this email address. Wait 1 minute, then try again.');
    const right = await client.post('/sign-in', { email: 'complaints@brackenfield.example', password: DEMO_PASSWORD });
    expect(right.statusCode).toBe(429);
  });

  it('never lets a stranger failing from another address stop the real user signing in, and tells the user once', async () => {
    const stranger = new Client(t.app, { remoteAddress: '203.0.113.66' });
    await stranger.get('/sign-in');
    for (let i = 0; i < 12; i++) await stranger.post('/sign-in', { email: 'officer@brackenfield.example', password: `guess number ${i}` });
    const holder = new Client(t.app, { remoteAddress: '192.0.2.44' });
    const signedIn = await holder.signIn('officer@brackenfield.example');
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/staff');
    const told = await t.database.db.selectFrom('notification').select(['recipient', 'subject']).where('template_code', '=', 'staff.sign_in_failures').where('recipient', '=', 'officer@brackenfield.example').execute();
    expect(told).toEqual([{ recipient: 'officer@brackenfield.example', subject: 'Wrong passwords entered for your CharterDesk account' }]);
  });

  it('ends the earlier session when someone signs in again in the same browser', async () => {
    const client = new Client(t.app);
    await client.signIn('manager@brackenfield.example');
    const earlier = client.cookie('charterdesk_session');
    await client.get('/staff');
    await client.signIn('admin@brackenfield.example');
    expect(client.cookie('charterdesk_session')).not.toBe(earlier);
    const reused = await t.app.inject({ url: '/staff', headers: { cookie: `charterdesk_session=${earlier}` } });
    expect(reused.statusCode).toBe(303);
    expect(reused.headers.location).toMatch(/^\/sign-in/);
    expect((await client.get('/staff')).body).toContain('Signed in as <strong>Alex Morgan</strong>');
  });

  it('refuses a CSRF token from before signing in', async () => {
    const client = new Client(t.app);
    const before = tokenIn((await client.get('/sign-in')).body);
    await client.post('/sign-in', { email: 'manager@brackenfield.example', password: DEMO_PASSWORD });
    const stale = await client.post('/sign-out', { _csrf: before });
    expect(stale.statusCode).toBe(403);
    await client.get('/staff');
    expect((await client.post('/sign-out', {})).body).toContain('You have signed out');
  });

  it('refuses a CSRF token made for another session', async () => {
    const alice = new Client(t.app);
    await alice.signIn('manager@brackenfield.example');
    const aliceToken = tokenIn((await alice.get('/staff')).body);
    const bob = new Client(t.app);
    await bob.signIn('advisor@brackenfield.example');
    const cookie = `charterdesk_csrf=${alice.cookie('charterdesk_csrf')}; charterdesk_session=${bob.cookie('charterdesk_session')}`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: aliceToken }).toString(),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('served over HTTPS (PUBLIC_URL https://…)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { publicUrl: 'https://services.brackenfield.example' });
  });
  afterAll(() => t.close());

  it('names its cookies with the __Host- prefix: Secure, for the whole site, this host only', async () => {
    const client = new Client(t.app);
    const page = await client.get('/sign-in');
    // HTTPS without a proxy in front still tells browsers never to use plain HTTP here.
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const csrf = page.cookies.find((c) => c.name === '__Host-charterdesk_csrf');
    expect(csrf).toMatchObject({ secure: true, path: '/', httpOnly: true });
    expect(csrf?.domain).toBeUndefined();
    const signedIn = await client.post('/sign-in', { email: 'manager@brackenfield.example', password: DEMO_PASSWORD });
    expect(signedIn.statusCode).toBe(303);
    const session = signedIn.cookies.find((c) => c.name === '__Host-charterdesk_session');
    expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Lax' });
    expect(session?.domain).toBeUndefined();
    expect(signedIn.cookies.map((c) => c.name).filter((name) => !name.startsWith('__Host-'))).toEqual([]);
    expect((await client.get('/staff')).body).toContain('Signed in as <strong>Sam Whitfield</strong>');
    expect((await client.post('/sign-out', {})).body).toContain('You have signed out');
  });

  it('keeps the advisor desk’s workstation cookie under a __Host- name too', async () => {
    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    const place = await t.database.db.selectFrom('council_location').select('id').orderBy('name').executeTakeFirstOrThrow();
    await advisor.get('/staff/desk');
    const saved = await advisor.post('/staff/contacts/workstation', { locationId: place.id });
    expect(saved.cookies.find((c) => c.name === '__Host-charterdesk_location')).toMatchObject({ secure: true, path: '/', httpOnly: true });
    expect((await advisor.get('/staff/contacts/new')).body).toMatch(new RegExp(`<option value="${place.id}" selected>`));
  });
});
