// Client systems and their API keys: create (the key is returned once and never stored), list,
// revoke, and check a presented key. Every change is audited in the same transaction.
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import { inTransaction, type Db } from '../db/database.js';
import { InvalidInput } from '../errors.js';
import { displayPrefix, generateKey, hashKey, MAX_KEY_LENGTH, sameHash } from './keys.js';
import { API_SCOPE_NAMES, type ApiScope } from './scopes.js';
import * as store from './store.js';
import type { ApiKeyRecord, ClientSystemRecord } from './store.js';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
export const MAX_RATE_LIMIT_PER_MINUTE = 10_000;

// Forms post strings and repeated checkboxes; the command line passes numbers and arrays. Both parse.
export const newClientSystemSchema = z.object({
  name: z.string().trim().min(1, 'Enter the name of the client system, like FixMyStreet').max(120, 'Name must be 120 characters or fewer'),
  scopes: z.preprocess(
    (v) => (v === undefined ? [] : ([] as unknown[]).concat(v)),
    z.array(z.enum(API_SCOPE_NAMES, { error: 'Choose what the key may do from the list' })).min(1, 'Select at least one thing the key may do'),
  ),
  rateLimitPerMinute: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.union([z.number(), z.string().min(1, 'Enter the most calls a minute the key may make, like 60').regex(/^\d+$/, 'Calls a minute must be a whole number, like 60').transform(Number)], {
      error: 'Calls a minute must be a whole number, like 60',
    }).pipe(
      z
        .int('Calls a minute must be a whole number, like 60')
        .min(1, 'Calls a minute must be at least 1')
        .max(MAX_RATE_LIMIT_PER_MINUTE, `Calls a minute must be ${MAX_RATE_LIMIT_PER_MINUTE.toLocaleString('en-GB')} or fewer`),
    ),
  ),
});
export type NewClientSystemInput = z.input<typeof newClientSystemSchema>;

export interface CreatedClientSystem {
  clientSystemId: string;
  name: string;
  keyId: string;
  prefix: string;
  scopes: ApiScope[];
  /** The only time the key exists outside the caller's hands: show it once, then forget it. */
  key: string;
}

export interface ClientSystemWithKeys extends ClientSystemRecord {
  keys: ApiKeyRecord[];
}

/** Who is calling, once their key has been accepted. */
export interface ApiClient {
  keyId: string;
  prefix: string;
  clientSystemId: string;
  name: string;
  scopes: string[];
  rateLimitPerMinute: number;
}

export type Authentication =
  | { ok: true; client: ApiClient }
  | { ok: false; reason: 'missing' | 'unknown' | 'revoked' | 'scope'; message: string };

export class ApiKeyNotFound extends Error {}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Adds a client system with its first key. `options.key` sets the key instead of generating one:
 * only for the demo council's DEMO_API_KEY, so a local Open311 client can be configured up front.
 */
export async function createClientSystem(db: Db, actor: Actor, raw: NewClientSystemInput, options: { key?: string } = {}): Promise<CreatedClientSystem> {
  const input = newClientSystemSchema.parse(raw);
  const key = options.key ?? generateKey();
  const keyHash = hashKey(key);
  const prefix = displayPrefix(key);
  return inTransaction(db, async (trx) => {
    if (await store.activeClientSystemNamed(trx, input.name)) {
      throw new InvalidInput([{ field: 'name', message: `There is already a client system called ${input.name}` }]);
    }
    // Only a chosen key (the demo's) can collide; refuse it rather than hand one key to two systems.
    if (await store.keyHashExists(trx, keyHash)) throw new InvalidInput([{ field: 'key', message: 'That key is already in use: choose another' }]);
    const clientSystemId = await store.insertClientSystem(trx, input.name, actor.label);
    const keyId = await store.insertKey(trx, { clientSystemId, keyHash, prefix, scopes: input.scopes, rateLimitPerMinute: input.rateLimitPerMinute, byLabel: actor.label });
    await recordAudit(trx, actor, {
      action: 'client_system.created',
      subjectType: 'client_system',
      subjectId: clientSystemId,
      detail: { name: input.name, keyId, prefix, scopes: input.scopes, rateLimitPerMinute: input.rateLimitPerMinute },
    });
    return { clientSystemId, name: input.name, keyId, prefix, scopes: input.scopes, key };
  });
}

export async function listClientSystems(db: Db): Promise<ClientSystemWithKeys[]> {
  const [systems, keys] = await Promise.all([store.selectClientSystems(db), store.selectKeys(db)]);
  return systems.map((system) => ({ ...system, keys: keys.filter((k) => k.clientSystemId === system.id) }));
}

export async function getKey(db: Db, id: string): Promise<{ key: ApiKeyRecord; clientSystem: ClientSystemRecord }> {
  const key = uuid.test(id) ? (await store.selectKeys(db, { id }))[0] : undefined;
  const clientSystem = key && (await store.selectClientSystems(db)).find((c) => c.id === key.clientSystemId);
  if (!key || !clientSystem) throw new ApiKeyNotFound('No such API key');
  return { key, clientSystem };
}

/** Revokes one key. It stops working at once: every call looks its key up afresh. */
export async function revokeKey(db: Db, actor: Actor, id: string, now = new Date()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { key, clientSystem } = await getKey(trx, id);
    if (!(await store.revokeKeyRow(trx, key.id, now))) return; // already revoked: nothing changes, nothing to audit
    await recordAudit(trx, actor, { action: 'api_key.revoked', subjectType: 'api_key', subjectId: key.id, detail: { prefix: key.prefix, clientSystem: clientSystem.name } });
  });
}

/** Revokes a client system by name with all its keys (the command line's `api-key revoke`). */
export async function revokeClientSystem(db: Db, actor: Actor, name: string, now = new Date()): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    const system = await store.activeClientSystemNamed(trx, name);
    if (!system) throw new InvalidInput([{ field: 'name', message: `No client system in use is called ${name.trim()}` }]);
    const prefixes = await store.revokeClientSystemRows(trx, system.id, now);
    await recordAudit(trx, actor, { action: 'client_system.revoked', subjectType: 'client_system', subjectId: system.id, detail: { name: system.name, keys: prefixes } });
    return prefixes;
  });
}

const refusal = (reason: Exclude<Authentication, { ok: true }>['reason'], message: string): Authentication => ({ ok: false, reason, message });

/** Checks a presented key for a scope: one indexed lookup by hash, then a constant-time comparison. */
export async function authenticateKey(db: Db, presented: string | undefined, requiredScope: ApiScope, now = new Date()): Promise<Authentication> {
  if (!presented) return refusal('missing', 'Send your API key in an Authorization header: Bearer <key>');
  if (presented.length > MAX_KEY_LENGTH) return refusal('unknown', 'The API key is not recognised');
  const presentedHash = hashKey(presented);
  const match = await store.selectKeyByHash(db, presentedHash);
  if (!match || !sameHash(match.keyHash, presentedHash)) return refusal('unknown', 'The API key is not recognised');
  if (match.revoked) return refusal('revoked', 'The API key has been revoked: ask the council for a new one');
  if (!match.scopes.includes(requiredScope)) return refusal('scope', `The API key does not allow ${requiredScope}: ask the council to add that scope`);
  if (!match.lastUsedAt || now.getTime() - match.lastUsedAt.getTime() >= 60_000) await store.touchKey(db, match.keyId, now);
  return {
    ok: true,
    client: {
      keyId: match.keyId,
      prefix: match.prefix,
      clientSystemId: match.clientSystemId,
      name: match.clientName,
      scopes: match.scopes,
      rateLimitPerMinute: match.rateLimitPerMinute,
    },
  };
}
