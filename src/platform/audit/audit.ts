// Who did and who saw what. Every change and every view of a customer record writes one event,
// in the same transaction as the change where there is one. Reading it: trail.ts (queries), subjects.ts
// (names instead of ids), routes.ts (the page and the CSV download).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export type ActorType = 'staff' | 'system' | 'client' | 'resident' | 'cli' | 'anonymous';

export interface Actor {
  type: ActorType;
  id?: string;
  label: string;
  ip?: string;
}

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string;
  detail?: Record<string, unknown>;
}

export const systemActor: Actor = { type: 'system', label: 'CharterDesk' };

/** Records one event; its id (the trail's order) back. The customer it concerns is filled in by the database (migration 0018). */
export async function recordAudit(db: Kysely<Schema>, actor: Actor, entry: AuditEntry): Promise<string> {
  const row = await db
    .insertInto('audit_event')
    .values({
      actor_type: actor.type,
      actor_id: actor.id ?? null,
      actor_label: actor.label,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: actor.ip ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}
