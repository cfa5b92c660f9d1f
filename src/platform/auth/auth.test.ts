// Staff accounts, signing in, lock-out and sessions, on both engines.
import { describe, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../audit/audit.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { createSession, endSession, resumeSession } from './sessions.js';
import { LOCKOUT, signIn } from './sign-in.js';
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

  it('says the same thing for an unknown email and a wrong password', async () => {
    const { db } = use();
    expect(await signIn(db, 'nobody@council.example', PASSWORD, t0, '192.0.2.1')).toEqual({ outcome: 'wrong-credentials' });
    expect(await signIn(db, 'priya.shah@council.example', 'wrong password!', t0, '192.0.2.1')).toEqual({ outcome: 'wrong-credentials' });
  });

  it(`locks the account after ${LOCKOUT.attempts} wrong passwords, even against the right one, until the lock ends`, async () => {
    const { db } = use();
    const email = 'tom.evans@council.example';
    await createUser(db, admin, { email, displayName: 'Tom Evans', roles: ['officer'], password: PASSWORD });
    for (let i = 1; i < LOCKOUT.attempts; i++) expect((await signIn(db, email, `wrong ${i} attempt`, t0, '192.0.2.2')).outcome).toBe('wrong-credentials');
    const locked = await signIn(db, email, 'wrong again!!', t0, '192.0.2.2');
    expect(locked).toEqual({ outcome: 'locked', until: minutes(t0, LOCKOUT.minutes) });
    expect((await signIn(db, email, PASSWORD, minutes(t0, LOCKOUT.minutes - 1), '192.0.2.2')).outcome).toBe('locked');
    expect((await signIn(db, email, PASSWORD, minutes(t0, LOCKOUT.minutes + 1), '192.0.2.2')).outcome).toBe('signed-in');
    const actions = (await db.selectFrom('audit_event').select('action').where('actor_label', '=', 'Tom Evans').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.sign_in_failed', 'staff.locked_out', 'staff.sign_in_refused', 'staff.signed_in']));
  });

  it('a password reset clears a lock-out and signs the user out everywhere', async () => {
    const { db } = use();
    const email = 'grace.okafor@council.example';
    const user = await createUser(db, admin, { email, displayName: 'Grace Okafor', roles: ['complaints_officer'], password: PASSWORD });
    const token = await createSession(db, user.id, t0, policy);
    for (let i = 0; i < LOCKOUT.attempts; i++) await signIn(db, email, `wrong ${i} attempt`, t0, '192.0.2.3');
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
