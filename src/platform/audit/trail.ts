// Reading the audit trail as a data protection officer does: every event matching a filter
// (customer, case, staff member, action, dates), newest first, a page at a time or all of them
// for a download. Pages are keyset (by id, the order events were recorded), so the ten-thousandth
// page costs what the first does.
import type { Db } from '../db/database.js';
import type { AuditEventTable, Schema } from '../db/schema.js';
import type { Selectable, SelectQueryBuilder } from 'kysely';

/** What the trail is narrowed to, resolved to ids (routes.ts turns the form into this). */
export interface AuditFilter {
  /** A customer's records: the customer and any record merged into it (never empty). */
  customerIds?: readonly [string, ...string[]];
  caseId?: string;
  staffId?: string;
  action?: string;
  /** From this instant (inclusive) until that one (exclusive). */
  from?: Date;
  until?: Date;
  /** Events recorded before this one only (a download leaves out its own event and any after it). */
  beforeId?: string;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  customerId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Cursors for the links to the newer and older pages, when there are any. */
  newer?: string;
  older?: string;
}

export const PAGE_SIZE = 50;
/** Counting stops here: "more than 10,000" is all a person needs, and counting millions is slow. */
export const COUNT_LIMIT = 10_000;
/** An event id in a page link: up to 18 digits, so a tampered one cannot overflow bigint. */
export const CURSOR = /^\d{1,18}$/;

type Query = SelectQueryBuilder<Schema, 'audit_event', object>;

function filtered(db: Db, filter: AuditFilter): Query {
  let q: Query = db.selectFrom('audit_event');
  if (filter.customerIds) q = q.where('customer_id', 'in', [...filter.customerIds]);
  if (filter.caseId) q = q.where('subject_type', '=', 'case').where('subject_id', '=', filter.caseId);
  if (filter.staffId) q = q.where('actor_type', '=', 'staff').where('actor_id', '=', filter.staffId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.until) q = q.where('at', '<', filter.until);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q;
}

function toEvent(r: Selectable<AuditEventTable>): AuditEvent {
  return {
    id: String(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    customerId: r.customer_id,
    detail: r.detail,
    ip: r.ip,
  };
}

/**
 * One page, newest first: the newest (no cursor), the page older than `older`, or the page newer
 * than `newer`. A page has a link onwards only when a further event matches.
 */
export async function auditPage(db: Db, filter: AuditFilter, at: { older?: string; newer?: string } = {}, size = PAGE_SIZE): Promise<AuditPage> {
  if (at.newer) {
    const rows = await filtered(db, filter).selectAll().where('id', '>', at.newer).orderBy('id', 'asc').limit(size + 1).execute();
    const events = rows.slice(0, size).map(toEvent).reverse();
    return { events, ...(rows.length > size && { newer: events[0]?.id }), ...(events.length && { older: events[events.length - 1]?.id }) };
  }
  let q = filtered(db, filter).selectAll();
  if (at.older) q = q.where('id', '<', at.older);
  const rows = await q.orderBy('id', 'desc').limit(size + 1).execute();
  const events = rows.slice(0, size).map(toEvent);
  return { events, ...(at.older && events.length && { newer: events[0]?.id }), ...(rows.length > size && { older: events[events.length - 1]?.id }) };
}

/** How many events match, up to COUNT_LIMIT + 1 (more than the limit means "more than 10,000"). */
export async function countAuditEvents(db: Db, filter: AuditFilter): Promise<number> {
  const row = await db
    .selectFrom(filtered(db, filter).select('id').limit(COUNT_LIMIT + 1).as('matching'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every matching event, newest first, read a batch at a time (for the download). */
export async function* allAuditEvents(db: Db, filter: AuditFilter, batch = 500): AsyncGenerator<AuditEvent[]> {
  let older: string | undefined;
  for (;;) {
    let q = filtered(db, filter).selectAll();
    if (older) q = q.where('id', '<', older);
    const rows = (await q.orderBy('id', 'desc').limit(batch).execute()).map(toEvent);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    older = rows[rows.length - 1]!.id;
  }
}

/** The action codes that occur in the trail, for the filter's list. */
export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_event').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
