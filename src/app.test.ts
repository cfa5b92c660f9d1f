// The web app as a browser or a monitoring probe sees it: access control on every staff route,
// CSRF on forms, security headers, clear error pages, health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../test/support/app.js';
import { forEachEngine } from '../test/support/databases.js';
import { PERMISSIONS } from './platform/auth/permissions.js';
import { DEMO_STAFF } from './demo/council.js';

forEachEngine('the web app', (_use, engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('reports a healthy database at /health', async () => {
    const response = await t.app.inject('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'up', engine });
  });

  it('shows residents the council’s home page with the council’s name, not GOV.UK’s', async () => {
    const response = await t.app.inject('/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Brackenfield District Council customer services');
    expect(response.body).toContain('class="govuk-generic-header');
    expect(response.body).toContain('href="/accessibility"');
    expect(response.body).not.toMatch(/GOV\.UK|govuk-logo|Crown copyright/);
  });

  it('sends security headers: a CSP without inline scripts, no framing, no sniffing', async () => {
    const response = await t.app.inject('/');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('has no staff route without a permission, and sends signed-out visitors of each to sign in', async () => {
    expect(t.app.staffRoutes.length).toBeGreaterThanOrEqual(5);
    for (const route of t.app.staffRoutes) {
      expect(Object.keys(PERMISSIONS)).toContain(route.permission);
      if (route.method === 'HEAD') continue;
      const url = route.url.replace(/:(\w+)/g, 'x');
      const response = await t.app.inject({ method: route.method as 'GET', url });
      expect(response.statusCode, `${route.method} ${url}`).toBe(303);
      expect(response.headers.location).toMatch(/^\/sign-in/);
    }
  });

  it('signs a member of staff in, shows who they are, and returns them where they were going', async () => {
    const client = new Client(t.app);
    expect((await client.get('/staff/audit')).headers.location).toBe('/sign-in?next=%2Fstaff%2Faudit');
    await client.get('/sign-in?next=%2Fstaff%2Faudit');
    const signedIn = await client.post('/sign-in', { email: 'manager@brackenfield.example', password: 'charterdesk-demo-test', next: '/staff/audit' });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/staff/audit');
    const session = signedIn.cookies.find((c) => c.name === 'charterdesk_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const audit = await client.get('/staff/audit');
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('Signed in as <strong>Sam Whitfield</strong>');
    expect(audit.body).toContain('staff.signed_in');
  });

  it('never redirects off the site after signing in', async () => {
    const client = new Client(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'manager@brackenfield.example', password: 'charterdesk-demo-test', next: '//evil.example/' });
    expect(response.headers.location).toBe('/staff');
  });

  it('shows a clear error for a wrong password, keeping the email typed', async () => {
    const client = new Client(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'advisor@brackenfield.example', password: 'not the password' });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('The email address or password is not right');
    expect(response.body).toContain('value="advisor@brackenfield.example"');
    expect(response.body).toContain('<title>Error: Sign in');
  });

  it('refuses a form sent without its CSRF token, and saves nothing', async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    const before = await client.get('/staff/council');
    const version = /name="version" value="(\d+)"/.exec(before.body)?.[1] ?? '';
    const response = await client.post('/staff/council', { name: 'Hijacked Council', nation: 'england', version }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
    expect((await client.get('/staff/council')).body).toContain('value="Brackenfield District Council"');
  });

  it('lets only administrators change council settings', async () => {
    const advisor = new Client(t.app);
    await advisor.signIn('advisor@brackenfield.example');
    const refused = await advisor.get('/staff/council');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You do not have permission to see this page');
    expect((await advisor.get('/staff')).body).not.toContain('href="/staff/council"');
  });

  it('validates council settings field by field and keeps what was typed', async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    const page = await client.get('/staff/council');
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const bad = await client.post('/staff/council', { name: 'Brackenfield DC', nation: 'england', population: 'lots', phone: '123', email: 'not-an-email', website: '', logoUrl: '', address: '', version });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#population"');
    expect(bad.body).toContain('Population must be a whole number');
    expect(bad.body).toContain('Enter a UK phone number');
    expect(bad.body).toContain('value="Brackenfield DC"');
    const good = await client.post('/staff/council', { name: 'Brackenfield DC', nation: 'england', population: '101,200', phone: '01632 960 002', email: '', website: '', logoUrl: '', address: '', version });
    expect(good.statusCode).toBe(303);
    expect((await t.app.inject('/')).body).toContain('Brackenfield DC customer services');
  });

  it('tells the second of two administrators editing at once that the settings changed, losing nothing saved', async () => {
    const [first, second] = [new Client(t.app), new Client(t.app)];
    await first.signIn('admin@brackenfield.example');
    await second.signIn('admin@brackenfield.example');
    const version = /name="version" value="(\d+)"/.exec((await first.get('/staff/council')).body)?.[1] ?? '';
    await second.get('/staff/council');
    const form = { nation: 'england', population: '', phone: '', email: '', website: '', logoUrl: '', address: '', version };
    expect((await first.post('/staff/council', { ...form, name: 'First edit' })).statusCode).toBe(303);
    const clash = await second.post('/staff/council', { ...form, name: 'Second edit' });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('changed by someone else');
    expect(clash.body).toContain('value="Second edit"');
    expect((await t.app.inject('/')).body).toContain('First edit customer services');
  });

  it('lets an administrator add a staff user, with field errors for bad input', async () => {
    const client = new Client(t.app);
    await client.signIn('admin@brackenfield.example');
    await client.get('/staff/users/new');
    const bad = await client.post('/staff/users/new', { displayName: '', email: 'advisor@brackenfield.example', password: 'short' });
    expect(bad.statusCode).toBe(400);
    for (const field of ['displayName', 'roles', 'password']) expect(bad.body).toContain(`href="#${field}"`);
    const duplicate = await client.post('/staff/users/new', { displayName: 'Another', email: 'ADVISOR@brackenfield.example', roles: 'advisor', password: 'a perfectly long password' });
    expect(duplicate.body).toContain('already exists');
    const added = await client.post('/staff/users/new', { displayName: 'Jo Baker', email: 'jo.baker@brackenfield.example', roles: ['officer', 'complaints_officer'], password: 'a perfectly long password' });
    expect(added.statusCode).toBe(303);
    const list = await client.get('/staff/users');
    expect(list.body).toContain('Jo Baker');
    expect(list.body).toContain('Officer, Complaints officer');
    const jo = new Client(t.app);
    expect((await jo.signIn('jo.baker@brackenfield.example', 'a perfectly long password')).headers.location).toBe('/staff');
  });

  it('signs out: the session no longer opens staff pages', async () => {
    const client = new Client(t.app);
    await client.signIn(DEMO_STAFF[1]!.email);
    const session = client.cookie('charterdesk_session');
    await client.get('/staff');
    const out = await client.post('/sign-out', {});
    expect(out.body).toContain('You have signed out');
    const reused = await t.app.inject({ url: '/staff', headers: { cookie: `charterdesk_session=${session}` } });
    expect(reused.statusCode).toBe(303);
  });

  it('answers an unknown page with a 404 page, not a stack trace', async () => {
    const response = await t.app.inject('/no-such-page');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });
});

describe('when the database stops answering', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.app.close());

  it('health says so, and pages apologise without a stack trace', async () => {
    await t.database.close();
    const health = await t.app.inject('/health');
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable', database: 'down' });
    const page = await t.app.inject('/');
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain('Sorry, there is a problem with the service');
    expect(page.body).not.toMatch(/at .*\.ts:\d+|Error:/);
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  it('slows down one address trying many passwords', async () => {
    const client = new Client(t.app);
    await client.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await client.post('/sign-in', { email: '', password: '' })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('behind an HTTPS reverse proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { trustProxy: 1 });
  });
  afterAll(() => t.close());

  it('marks cookies Secure, sends HSTS, and records the client’s own address', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };
    const page = await t.app.inject({ url: '/sign-in', headers });
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const csrfCookie = page.cookies.find((c) => c.name === 'charterdesk_csrf');
    expect(csrfCookie).toMatchObject({ secure: true, httpOnly: true });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...headers, cookie: `charterdesk_csrf=${csrfCookie?.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'officer@brackenfield.example', password: 'charterdesk-demo-test', _csrf: token }).toString(),
    });
    expect(signedIn.cookies.find((c) => c.name === 'charterdesk_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    const event = await t.database.db.selectFrom('audit_event').select('ip').where('action', '=', 'staff.signed_in').executeTakeFirstOrThrow();
    expect(event.ip).toBe('198.51.100.7');
  });

  it('does not mark cookies Secure over plain HTTP', async () => {
    const page = await t.app.inject({ url: '/sign-in' });
    expect(page.cookies.find((c) => c.name === 'charterdesk_csrf')?.secure).toBeFalsy();
  });
});
