// Who did and who saw what. Every change and every view of a customer record writes one event,
// in the same transaction as the change where there is one.
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

export async function recordAudit(db: Kysely<Schema>, actor: Actor, entry: AuditEntry): Promise<void> {
  await db
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
    .execute();
}

export interface AuditEvent {
  id: string;
  at: Date;
  actorType: string;
  actorLabel: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export async function recentAuditEvents(db: Kysely<Schema>, limit = 100): Promise<AuditEvent[]> {
  const rows = await db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorType: r.actor_type,
    actorLabel: r.actor_label,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: r.detail,
    ip: r.ip,
  }));
}
