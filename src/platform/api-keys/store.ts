// SQL for client systems and their keys.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface ClientSystemRecord {
  id: string;
  name: string;
  createdAt: Date;
  createdByLabel: string;
  revokedAt: Date | null;
}

export interface ApiKeyRecord {
  id: string;
  clientSystemId: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  createdAt: Date;
  createdByLabel: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A key found by its hash, with what the caller needs to decide whether it may be used. */
export interface KeyMatch {
  keyId: string;
  keyHash: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  lastUsedAt: Date | null;
  revoked: boolean;
  clientSystemId: string;
  clientName: string;
}

export async function activeClientSystemNamed(db: Db, name: string): Promise<ClientSystemRecord | undefined> {
  const row = await db
    .selectFrom('client_system')
    .selectAll()
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, createdAt: row.created_at, createdByLabel: row.created_by_label, revokedAt: row.revoked_at };
}

export async function insertClientSystem(db: Db, name: string, byLabel: string): Promise<string> {
  const row = await db.insertInto('client_system').values({ name, created_by_label: byLabel }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertKey(
  db: Db,
  values: { clientSystemId: string; keyHash: string; prefix: string; scopes: string[]; rateLimitPerMinute: number; byLabel: string },
): Promise<string> {
  const row = await db
    .insertInto('api_key')
    .values({
      client_system_id: values.clientSystemId,
      key_hash: values.keyHash,
      prefix: values.prefix,
      scopes: values.scopes,
      rate_limit_per_minute: values.rateLimitPerMinute,
      created_by_label: values.byLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function keyHashExists(db: Db, keyHash: string): Promise<boolean> {
  return !!(await db.selectFrom('api_key').select('id').where('key_hash', '=', keyHash).executeTakeFirst());
}

export async function selectClientSystems(db: Db): Promise<ClientSystemRecord[]> {
  const rows = await db.selectFrom('client_system').selectAll().orderBy(sql`revoked_at IS NOT NULL`).orderBy('name').orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, createdByLabel: r.created_by_label, revokedAt: r.revoked_at }));
}

export async function selectKeys(db: Db, filter: { id?: string } = {}): Promise<ApiKeyRecord[]> {
  let query = db.selectFrom('api_key').selectAll().orderBy('created_at', 'desc');
  if (filter.id) query = query.where('id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    clientSystemId: r.client_system_id,
    prefix: r.prefix,
    scopes: r.scopes,
    rateLimitPerMinute: r.rate_limit_per_minute,
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** By the unique index on key_hash; revoked keys are found too, so the caller can say so. */
export async function selectKeyByHash(db: Db, keyHash: string): Promise<KeyMatch | undefined> {
  const row = await db
    .selectFrom('api_key as k')
    .innerJoin('client_system as c', 'c.id', 'k.client_system_id')
    .select(['k.id', 'k.key_hash', 'k.prefix', 'k.scopes', 'k.rate_limit_per_minute', 'k.last_used_at', 'k.revoked_at', 'c.id as client_id', 'c.name', 'c.revoked_at as client_revoked_at'])
    .where('k.key_hash', '=', keyHash)
    .executeTakeFirst();
  return (
    row && {
      keyId: row.id,
      keyHash: row.key_hash,
      prefix: row.prefix,
      scopes: row.scopes,
      rateLimitPerMinute: row.rate_limit_per_minute,
      lastUsedAt: row.last_used_at,
      revoked: row.revoked_at !== null || row.client_revoked_at !== null,
      clientSystemId: row.client_id,
      clientName: row.name,
    }
  );
}

/** Revokes a key still live; false when it was not (unknown or already revoked). */
export async function revokeKeyRow(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('api_key').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes the client system and every live key it has; returns the prefixes of the keys revoked. */
export async function revokeClientSystemRows(db: Db, id: string, at: Date): Promise<string[]> {
  await db.updateTable('client_system').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  const rows = await db
    .updateTable('api_key')
    .set({ revoked_at: at })
    .where('client_system_id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('prefix')
    .execute();
  return rows.map((r) => r.prefix);
}

/** Records use at most once a minute per key: the condition makes concurrent calls write once. */
export async function touchKey(db: Db, id: string, at: Date): Promise<void> {
  const minuteAgo = new Date(at.getTime() - 60_000);
  await db
    .updateTable('api_key')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
}
