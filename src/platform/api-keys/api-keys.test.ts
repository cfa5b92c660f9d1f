// Client systems and API keys on both engines: only a hash is stored, a key is found by it, a
// revoked key or one without the scope is refused, use is recorded at most once a minute, and
// every change is in the audit trail.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../audit/audit.js';
import { InvalidInput } from '../errors.js';
import { PerKeyRateLimiter } from './rate-limit.js';
import { authenticateKey, createClientSystem, listClientSystems, newClientSystemSchema, revokeClientSystem, revokeKey } from './service.js';

const admin: Actor = { type: 'staff', id: 'test', label: 'Alex Morgan' };
const at = (iso: string) => new Date(iso);

forEachEngine('API keys', (use) => {
  let key = '';
  let keyId = '';

  it('creates a client system whose key is stored only as its SHA-256', async () => {
    const { db } = use();
    const created = await createClientSystem(db, admin, { name: 'FixMyStreet', scopes: ['open311', 'catalogue:read'], rateLimitPerMinute: 30 });
    key = created.key;
    keyId = created.keyId;
    expect(key).toMatch(/^cd_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(key.slice(0, 11));
    const rows = await db.selectFrom('api_key').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(rows[0]).toMatchObject({ scopes: ['open311', 'catalogue:read'], rate_limit_per_minute: 30, created_by_label: 'Alex Morgan', revoked_at: null, last_used_at: null });
    // Nowhere in the database holds the key itself: not the key row, not the audit trail.
    const everything = JSON.stringify([rows, await db.selectFrom('client_system').selectAll().execute(), await db.selectFrom('audit_event').selectAll().execute()]);
    expect(everything).not.toContain(key.slice(3));
  });

  it('audits the creation with the prefix and scopes, never the key', async () => {
    const { db } = use();
    const event = await db.selectFrom('audit_event').selectAll().where('action', '=', 'client_system.created').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_label: 'Alex Morgan', subject_type: 'client_system' });
    expect(event.detail).toMatchObject({ name: 'FixMyStreet', prefix: key.slice(0, 11), scopes: ['open311', 'catalogue:read'], rateLimitPerMinute: 30 });
  });

  it('accepts the key for a scope it carries, naming the client system', async () => {
    const result = await authenticateKey(use().db, key, 'open311', at('2026-04-02T09:00:00Z'));
    expect(result).toMatchObject({ ok: true, client: { keyId, name: 'FixMyStreet', scopes: ['open311', 'catalogue:read'], rateLimitPerMinute: 30 } });
  });

  it('records when a key was last used, at most once a minute', async () => {
    const { db } = use();
    const lastUsed = async () => (await db.selectFrom('api_key').select('last_used_at').where('id', '=', keyId).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toEqual(at('2026-04-02T09:00:00Z'));
    await authenticateKey(db, key, 'open311', at('2026-04-02T09:00:40Z'));
    expect(await lastUsed()).toEqual(at('2026-04-02T09:00:00Z'));
    await authenticateKey(db, key, 'open311', at('2026-04-02T09:01:05Z'));
    expect(await lastUsed()).toEqual(at('2026-04-02T09:01:05Z'));
  });

  it('refuses a missing key, an unknown key and a key without the scope, each with its reason', async () => {
    const { db } = use();
    expect(await authenticateKey(db, undefined, 'open311')).toMatchObject({ ok: false, reason: 'missing' });
    expect(await authenticateKey(db, `${key}x`, 'open311')).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await authenticateKey(db, 'x'.repeat(10_000), 'open311')).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await authenticateKey(db, key, 'catalogue:write')).toMatchObject({ ok: false, reason: 'scope', message: 'The API key does not allow catalogue:write: ask the council to add that scope' });
  });

  it('refuses a second client system with the same name in any case, saving nothing', async () => {
    const { db } = use();
    await expect(createClientSystem(db, admin, { name: 'fixmystreet', scopes: ['open311'], rateLimitPerMinute: 60 })).rejects.toThrow(InvalidInput);
    expect(await db.selectFrom('api_key').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).toEqual({ n: '1' });
  });

  it('validates what the forms and the command line send', () => {
    const bad = newClientSystemSchema.safeParse({ name: ' ', scopes: ['open311', 'wizardry'], rateLimitPerMinute: '0' });
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['name', 'Enter the name of the client system, like FixMyStreet'],
      ['scopes', 'Choose what the key may do from the list'],
      ['rateLimitPerMinute', 'Calls a minute must be at least 1'],
    ]);
    expect(newClientSystemSchema.parse({ name: 'X', scopes: 'open311', rateLimitPerMinute: '120' })).toEqual({ name: 'X', scopes: ['open311'], rateLimitPerMinute: 120 });
    expect(newClientSystemSchema.safeParse({ name: 'X', scopes: [], rateLimitPerMinute: 'lots' }).error?.issues.map((i) => i.message)).toEqual([
      'Select at least one thing the key may do',
      'Calls a minute must be a whole number, like 60',
    ]);
  });

  it('a revoked key stops working at once, and the revocation is audited', async () => {
    const { db } = use();
    await revokeKey(db, admin, keyId, at('2026-04-02T10:00:00Z'));
    expect(await authenticateKey(db, key, 'open311')).toMatchObject({ ok: false, reason: 'revoked' });
    const event = await db.selectFrom('audit_event').selectAll().where('action', '=', 'api_key.revoked').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_label: 'Alex Morgan', subject_id: keyId, detail: { prefix: key.slice(0, 11), clientSystem: 'FixMyStreet' } });
  });

  it('revokes a client system by name with all its keys; the name can then be used again', async () => {
    const { db } = use();
    const second = await createClientSystem(db, admin, { name: 'Housing repairs', scopes: ['catalogue:read'], rateLimitPerMinute: 60 }, { key: 'a-demo-key' });
    expect((await authenticateKey(db, 'a-demo-key', 'catalogue:read')).ok).toBe(true);
    expect(await revokeClientSystem(db, admin, ' housing REPAIRS ')).toEqual([second.prefix]);
    expect(await authenticateKey(db, 'a-demo-key', 'catalogue:read')).toMatchObject({ ok: false, reason: 'revoked' });
    await expect(revokeClientSystem(db, admin, 'Housing repairs')).rejects.toThrow('No client system in use is called Housing repairs');
    // A chosen key (the demo's) cannot be given out twice, even after revocation.
    await expect(createClientSystem(db, admin, { name: 'Housing repairs', scopes: ['open311'], rateLimitPerMinute: 60 }, { key: 'a-demo-key' })).rejects.toThrow('already in use');
    await createClientSystem(db, admin, { name: 'Housing repairs', scopes: ['open311'], rateLimitPerMinute: 60 });
    const listed = await listClientSystems(db);
    expect(listed.map((s) => [s.name, s.revokedAt === null, s.keys.length])).toEqual([
      ['FixMyStreet', true, 1],
      ['Housing repairs', true, 1],
      ['Housing repairs', false, 1],
    ]);
    const actions = (await db.selectFrom('audit_event').select('action').where('action', 'like', 'client_system.%').execute()).map((r) => r.action);
    expect(actions.sort()).toEqual(['client_system.created', 'client_system.created', 'client_system.created', 'client_system.revoked']);
  });
});

it('limits each key to its own number of calls a minute', () => {
  let now = at('2026-04-02T09:00:00Z');
  const limiter = new PerKeyRateLimiter(() => now);
  expect([1, 2, 3].map(() => limiter.take('a', 2).allowed)).toEqual([true, true, false]);
  expect(limiter.take('b', 2)).toMatchObject({ allowed: true, remaining: 1 });
  now = at('2026-04-02T09:00:45Z');
  expect(limiter.take('a', 2)).toMatchObject({ allowed: false, resetSeconds: 15 });
  now = at('2026-04-02T09:01:00Z');
  expect(limiter.take('a', 2)).toMatchObject({ allowed: true, remaining: 1 });
});
