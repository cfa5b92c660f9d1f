// Staff accounts, signing in, slowing down wrong passwords and sessions, on both engines.
import { describe, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../audit/audit.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { createSession, endSession, resumeSession } from './sessions.js';
import { signIn } from './sign-in.js';
import { THROTTLE } from './throttle.js';
import { createUser, findUserByEmail, resetPassword, UserExistsError } from './users.js';

const admin: Actor = { type: 'cli', label: 'test' };
const PASSWORD = 'correct horse battery';
const policy = { idleMinutes: 120, maxHours: 12 };
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

describe('staff passwords', () => {
  it('are stored as a salted scrypt hash that only the right password matches', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[^$]+\$[^$]+$/);
    expect(hash).not.toContain(PASSWORD);
    expect(await hashPassword(PASSWORD)).not.toBe(hash);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword('correct horse battery ', hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'bcrypt$whatever')).toBe(false);
  });

  it('must be long enough and not contain the email name', () => {
    expect(passwordProblem('short')).toMatch(/at least 12 characters/);
    expect(passwordProblem('priya.shah-2026!', 'priya.shah@council.example')).toMatch(/must not contain your email/);
    expect(passwordProblem(PASSWORD, 'priya.shah@council.example')).toBeUndefined();
  });
});

forEachEngine('signing in', (use) => {
  const t0 = new Date('2026-11-26T09:00:00Z');

  it('creates a user whose email is unique whatever its case, and records it', async () => {
    const { db } = use();
    const user = await createUser(db, admin, { email: 'Priya.Shah@Council.example', displayName: 'Priya Shah', roles: ['advisor'], password: PASSWORD });
    expect(user).toMatchObject({ email: 'priya.shah@council.example', roles: ['advisor'], active: true });
    await expect(createUser(db, admin, { email: 'PRIYA.SHAH@council.example', displayName: 'Someone', roles: ['officer'], password: PASSWORD })).rejects.toThrow(UserExistsError);
    const events = await db.selectFrom('audit_event').selectAll().where('action', '=', 'staff_user.created').execute();
    expect(events.map((e) => e.subject_id)).toContain(user.id);
  });

  it('refuses a user with no role or a weak password, saving nothing', async () => {
    const { db } = use();
    await expect(createUser(db, admin, { email: 'x@council.example', displayName: 'X', roles: [], password: PASSWORD })).rejects.toThrow(/at least one role/);
    await expect(createUser(db, admin, { email: 'x@council.example', displayName: 'X', roles: ['officer'], password: 'short' })).rejects.toThrow(/12 characters/);
    expect(await findUserByEmail(db, 'x@council.example')).toBeUndefined();
  });

  it('signs in with the right password, whatever the email case', async () => {
    const result = await signIn(use().db, 'PRIYA.shah@council.example', PASSWORD, t0, '192.0.2.1');
    expect(result.outcome).toBe('signed-in');
  });

  it('says the same thing for an unknown email and a wrong password, and slows both alike', async () => {
    const { db } = use();
    const tries = async (email: string) => {
      const results = [];
      for (let i = 0; i < THROTTLE.freeTries + 1; i++) results.push(await signIn(db, email, 'wrong password!', t0, '192.0.2.1'));
      return results;
    };
    const unknown = await tries('nobody@council.example');
    expect(unknown.slice(0, THROTTLE.freeTries - 1)).toEqual(Array(THROTTLE.freeTries - 1).fill({ outcome: 'wrong-credentials' }));
    expect(unknown.slice(THROTTLE.freeTries - 1)).toEqual([
      { outcome: 'throttled', until: minutes(t0, THROTTLE.firstDelayMinutes) },
      { outcome: 'throttled', until: minutes(t0, THROTTLE.firstDelayMinutes) },
    ]);
    expect(await tries('priya.shah@council.example')).toEqual(unknown);
  });

  it(`slows wrong passwords for one account from one address after ${THROTTLE.freeTries}, refusing even the right one, for longer each time`, async () => {
    const { db } = use();
    const email = 'tom.evans@council.example';
    await createUser(db, admin, { email, displayName: 'Tom Evans', roles: ['officer'], password: PASSWORD });
    for (let i = 1; i < THROTTLE.freeTries; i++) expect((await signIn(db, email, `wrong ${i} attempt`, t0, '192.0.2.2')).outcome).toBe('wrong-credentials');
    expect(await signIn(db, email, 'wrong again!!', t0, '192.0.2.2')).toEqual({ outcome: 'throttled', until: minutes(t0, 1) });
    expect(await signIn(db, email, PASSWORD, minutes(t0, 0.5), '192.0.2.2')).toEqual({ outcome: 'throttled', until: minutes(t0, 1) });
    // The wait doubles with each further failure.
    expect(await signIn(db, email, 'wrong once more', minutes(t0, 1), '192.0.2.2')).toEqual({ outcome: 'throttled', until: minutes(t0, 3) });
    expect((await signIn(db, email, PASSWORD, minutes(t0, 2), '192.0.2.2')).outcome).toBe('throttled');
    expect((await signIn(db, email, PASSWORD, minutes(t0, 3), '192.0.2.2')).outcome).toBe('signed-in');
    // A right password forgets the failures from that address.
    expect((await signIn(db, email, 'wrong after all', minutes(t0, 4), '192.0.2.2')).outcome).toBe('wrong-credentials');
    const actions = (await db.selectFrom('audit_event').select('action').where('actor_label', '=', 'Tom Evans').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.sign_in_failed', 'staff.sign_in_slowed', 'staff.sign_in_refused', 'staff.signed_in']));
  });

  it('never lets a stranger failing from elsewhere stop the holder signing in from their own address', async () => {
    const { db } = use();
    const email = 'tom.evans@council.example';
    for (let i = 0; i < 12; i++) await signIn(db, email, `guess ${i} guess`, minutes(t0, 10 + i), '203.0.113.66');
    expect((await signIn(db, email, 'guess 12 guess', minutes(t0, 23), '203.0.113.66')).outcome).toBe('throttled');
    expect((await signIn(db, email, PASSWORD, minutes(t0, 23), '192.0.2.2')).outcome).toBe('signed-in');
  });

  it('counts an IPv6 client’s whole /64 as one address', async () => {
    const { db } = use();
    for (let i = 1; i <= THROTTLE.freeTries; i++) await signIn(db, 'ipv6@council.example', 'wrong password!', t0, `2001:db8:0:7::${i}`);
    expect((await signIn(db, 'ipv6@council.example', 'wrong password!', t0, '2001:db8::7:abcd:0:0:1')).outcome).toBe('throttled');
    expect((await signIn(db, 'ipv6@council.example', 'wrong password!', t0, '2001:db8:0:8::1')).outcome).toBe('wrong-credentials');
  });

  it('checks no more than the free tries when many passwords are sent at once, and then refuses the right one', async () => {
    const { db } = use();
    const email = 'tom.evans@council.example';
    const address = '198.51.100.90';
    // Which of the tries sent together is counted first is up to the pool, so all are wrong here:
    // a right one among the first five counted would rightly sign in.
    const tries = Array.from({ length: 12 }, (_, i) => `wrong ${i} at once`);
    const results = await Promise.all(tries.map((password) => signIn(db, email, password, minutes(t0, 30), address)));
    // The last free try is checked and answered as slowed; the rest are refused unchecked.
    expect(results.filter((r) => r.outcome === 'wrong-credentials')).toHaveLength(THROTTLE.freeTries - 1);
    expect(results.filter((r) => r.outcome === 'throttled')).toHaveLength(tries.length - THROTTLE.freeTries + 1);
    expect((await signIn(db, email, PASSWORD, minutes(t0, 30), address)).outcome).toBe('throttled');
    const failed = await db.selectFrom('audit_event').select('id').where('action', '=', 'staff.sign_in_failed').where('ip', '=', address).execute();
    expect(failed).toHaveLength(THROTTLE.freeTries);
  });

  it('counts every client address that is not an address (a forged forwarded header) as one', async () => {
    const { db } = use();
    for (let i = 0; i < THROTTLE.freeTries; i++) await signIn(db, 'forged@council.example', 'wrong password!', t0, `${'x'.repeat(200)}${i}`);
    expect((await signIn(db, 'forged@council.example', 'wrong password!', t0, 'not an address')).outcome).toBe('throttled');
    expect((await signIn(db, 'forged@council.example', 'wrong password!', t0, '192.0.2.9')).outcome).toBe('wrong-credentials');
  });

  it('tells the holder once per burst, however many addresses fail, and again after they next sign in', async () => {
    const { db } = use();
    const email = 'grace.okafor@council.example';
    await createUser(db, admin, { email, displayName: 'Grace Okafor', roles: ['complaints_officer'], password: PASSWORD });
    const told = async () => (await db.selectFrom('notification').select(['recipient', 'body']).where('template_code', '=', 'staff.sign_in_failures').execute()).filter((n) => n.recipient === email);
    for (let i = 0; i < 9; i++) await signIn(db, email, `guess ${i} guess`, minutes(t0, i * 40), '203.0.113.70');
    for (let i = 0; i < THROTTLE.freeTries; i++) await signIn(db, email, `guess ${i} guess`, minutes(t0, 400), '203.0.113.71');
    const messages = await told();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toContain(`wrong password for your CharterDesk account ${THROTTLE.freeTries} times`);
    expect(messages[0]?.body).toContain('203.0.113.70');
    expect((await signIn(db, email, PASSWORD, minutes(t0, 500), '192.0.2.3')).outcome).toBe('signed-in');
    for (let i = 0; i < THROTTLE.freeTries; i++) await signIn(db, email, `guess ${i} guess`, minutes(t0, 600), '203.0.113.72');
    expect(await told()).toHaveLength(2);
  });

  it('a password reset forgets wrong passwords and signs the user out everywhere', async () => {
    const { db } = use();
    const email = 'sam.reset@council.example';
    const user = await createUser(db, admin, { email, displayName: 'Sam Reset', roles: ['complaints_officer'], password: PASSWORD });
    const token = await createSession(db, user.id, t0, policy);
    for (let i = 0; i < THROTTLE.freeTries; i++) await signIn(db, email, `wrong ${i} attempt`, t0, '192.0.2.3');
    await resetPassword(db, admin, email, 'a brand new passphrase');
    expect(await resumeSession(db, token, t0, policy)).toBeUndefined();
    expect((await signIn(db, email, 'a brand new passphrase', t0, '192.0.2.3')).outcome).toBe('signed-in');
  });
});

forEachEngine('staff sessions', (use) => {
  const t0 = new Date('2026-11-26T09:00:00Z');
  let userId = '';

  it('resume with the token until signed out; the table holds only a hash of it', async () => {
    const { db } = use();
    userId = (await createUser(db, admin, { email: 'sam@council.example', displayName: 'Sam', roles: ['manager'], password: PASSWORD })).id;
    const token = await createSession(db, userId, t0, policy);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const stored = await db.selectFrom('staff_session').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(token);
    expect((await resumeSession(db, token, minutes(t0, 5), policy))?.email).toBe('sam@council.example');
    await endSession(db, token);
    expect(await resumeSession(db, token, minutes(t0, 6), policy)).toBeUndefined();
  });

  it('expire after the idle time, but activity keeps them alive', async () => {
    const { db } = use();
    const idle = await createSession(db, userId, t0, policy);
    expect(await resumeSession(db, idle, minutes(t0, policy.idleMinutes + 1), policy)).toBeUndefined();
    const active = await createSession(db, userId, t0, policy);
    for (let m = 100; m <= 400; m += 100) expect(await resumeSession(db, active, minutes(t0, m), policy)).toBeDefined();
  });

  it('expire at the absolute limit however active', async () => {
    const { db } = use();
    const token = await createSession(db, userId, t0, policy);
    for (let m = 100; m < policy.maxHours * 60; m += 100) await resumeSession(db, token, minutes(t0, m), policy);
    expect(await resumeSession(db, token, minutes(t0, policy.maxHours * 60 + 1), policy)).toBeUndefined();
  });

  it('end when the user is made inactive', async () => {
    const { db } = use();
    const token = await createSession(db, userId, t0, policy);
    await db.updateTable('staff_user').set({ active: false }).where('id', '=', userId).execute();
    expect(await resumeSession(db, token, minutes(t0, 1), policy)).toBeUndefined();
  });
});
