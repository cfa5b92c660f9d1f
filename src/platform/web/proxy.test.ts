// Behind a reverse proxy: the client's address is the one the trusted proxy saw, whatever the client
// writes at the left of X-Forwarded-For. The per-address limits and the audit trail depend on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../../../test/support/app.js';
import { loadConfig } from '../../config.js';

const PROXY = '10.0.0.2';

/** A sign-in form posted through `remoteAddress` with this X-Forwarded-For, as a browser behind the proxy would. */
async function postSignIn(t: TestApp, remoteAddress: string, forwardedFor: string, form: Record<string, string>) {
  const headers = { 'x-forwarded-for': forwardedFor };
  const page = await t.app.inject({ url: '/sign-in', remoteAddress, headers });
  const csrf = page.cookies.find((c) => c.name === 'charterdesk_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    headers: { ...headers, cookie: `charterdesk_csrf=${csrf?.value}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...form, _csrf: token }).toString(),
  });
}

async function recordedAddress(t: TestApp, action: string, label: string): Promise<string | null | undefined> {
  const event = await t.database.db.selectFrom('audit_event').select('ip').where('action', '=', action).where('actor_label', '=', label).orderBy('at', 'desc').executeTakeFirst();
  return event?.ip;
}

describe('behind one proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { trustProxy: loadConfig({ TRUST_PROXY: '1' }).trustProxy });
  });
  afterAll(() => t.close());

  it('records the address the proxy saw, not the one the client wrote first', async () => {
    const signedIn = await postSignIn(t, PROXY, '6.6.6.6, 203.0.113.9', { email: 'officer@brackenfield.example', password: DEMO_PASSWORD });
    expect(signedIn.statusCode).toBe(303);
    expect(await recordedAddress(t, 'staff.signed_in', 'Tom Evans')).toBe('203.0.113.9');
  });

  it('refuses a client address that is not an address with the ordinary answer, not a 500', async () => {
    const answer = await postSignIn(t, PROXY, 'x'.repeat(300), { email: 'forged@brackenfield.example', password: 'not the password' });
    expect(answer.statusCode).toBe(401);
  });

  it('cannot slip past the sign-in limit by changing the left-most address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await postSignIn(t, PROXY, `6.6.6.${i}, 203.0.113.50`, { email: '', password: '' })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('behind proxies named by address (TRUST_PROXY=10.0.0.0/8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { trustProxy: loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy });
  });
  afterAll(() => t.close());

  it('believes the named proxy, and nobody else’s X-Forwarded-For', async () => {
    await postSignIn(t, PROXY, '6.6.6.6, 203.0.113.9', { email: 'through.proxy@brackenfield.example', password: 'not the password' });
    expect(await recordedAddress(t, 'staff.sign_in_failed', 'through.proxy@brackenfield.example')).toBe('203.0.113.9');
    await postSignIn(t, '198.51.100.1', '203.0.113.9', { email: 'direct@brackenfield.example', password: 'not the password' });
    expect(await recordedAddress(t, 'staff.sign_in_failed', 'direct@brackenfield.example')).toBe('198.51.100.1');
  });
});
