// Names and links for the records events are about. The platform knows its own records (staff
// users, client systems, API keys); features tell it about theirs (customers, cases, contacts)
// through AuditSubjects, passed in from app.ts, as platform/ never imports a feature.
import type { Db } from '../db/database.js';
import type { AuditEvent } from './trail.js';
import { actionName, actorName, subjectTypeName } from './words.js';

export interface SubjectLabel {
  text: string;
  href?: string;
}

/** Labels for records of one type, by id; ids it does not know (deleted records) are left out. */
export type DescribeSubjects = (db: Db, ids: readonly string[]) => Promise<Map<string, SubjectLabel>>;

export interface CustomerChoice {
  id: string;
  name: string;
  /** What tells two customers of the same name apart: address, email. */
  hint: string;
}

export interface AuditCustomer {
  id: string;
  name: string;
  href: string;
  /** The customer's id and the ids of any records merged into it: the trail counts all as theirs. */
  recordIds: [string, ...string[]];
}

/** What the features tell the audit trail (app.ts builds it). */
export interface AuditSubjects {
  describe: Readonly<Record<string, DescribeSubjects>>;
  /** Customers matching what was typed (name, email, phone, postcode), best first. */
  findCustomers(db: Db, text: string): Promise<CustomerChoice[]>;
  customer(db: Db, id: string): Promise<AuditCustomer | undefined>;
  /** A case by its reference as typed, or why there is none (a mistyped reference, no such case). */
  findCase(db: Db, reference: string): Promise<{ id: string; reference: string } | { message: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validIds = (ids: readonly string[]): string[] => [...new Set(ids.filter((id) => UUID.test(id)))];

/** The platform's own records. */
export const platformDescribers: Readonly<Record<string, DescribeSubjects>> = {
  staff_user: async (db, ids) => {
    const wanted = validIds(ids);
    const rows = wanted.length ? await db.selectFrom('staff_user').select(['id', 'display_name']).where('id', 'in', wanted).execute() : [];
    return new Map(rows.map((r) => [r.id, { text: r.display_name, href: '/staff/users' }]));
  },
  client_system: async (db, ids) => {
    const wanted = validIds(ids);
    const rows = wanted.length ? await db.selectFrom('client_system').select(['id', 'name']).where('id', 'in', wanted).execute() : [];
    return new Map(rows.map((r) => [r.id, { text: r.name, href: '/staff/api-keys' }]));
  },
};

/** An event as the page and the download show it. */
export interface DescribedEvent extends AuditEvent {
  who: string;
  what: string;
  record?: SubjectLabel;
  /** The customer the event concerns, when the record is not the customer's own. */
  customer?: SubjectLabel;
}

// What a record is called when no describer knows it: the reference, name or code the event kept
// (and the person, for a change to a team's members).
function fallbackLabel(event: AuditEvent): SubjectLabel | undefined {
  if (!event.subjectType) return undefined;
  const text = (key: string): string | undefined => {
    const value = event.detail[key];
    return typeof value === 'string' && value ? value : undefined;
  };
  const id = event.subjectId && UUID.test(event.subjectId) ? event.subjectId.slice(0, 8) : (event.subjectId ?? '');
  const kept = ['reference', 'name', 'team', 'code', 'clientSystem'].map(text).find(Boolean) ?? id;
  const member = text('member');
  return { text: `${subjectTypeName(event.subjectType)}${kept ? `: ${kept}` : ''}${member ? ` (${member})` : ''}` };
}

async function labelsByType(db: Db, describe: Readonly<Record<string, DescribeSubjects>>, wanted: Map<string, Set<string>>) {
  const entries = await Promise.all(
    [...wanted].map(async ([type, ids]) => [type, describe[type] ? await describe[type](db, [...ids]) : new Map<string, SubjectLabel>()] as const),
  );
  return new Map(entries);
}

/** Names instead of ids, for a page or a batch of the download: one query per kind of record. */
export async function describeEvents(db: Db, subjects: AuditSubjects, events: readonly AuditEvent[]): Promise<DescribedEvent[]> {
  const describe = { ...platformDescribers, ...subjects.describe };
  const wanted = new Map<string, Set<string>>();
  const want = (type: string, id: string) => (wanted.get(type) ?? wanted.set(type, new Set()).get(type)!).add(id);
  for (const e of events) {
    if (e.subjectType && e.subjectId) want(e.subjectType, e.subjectId);
    if (e.customerId) want('customer', e.customerId);
  }
  const labels = await labelsByType(db, describe, wanted);
  return events.map((e) => {
    const known = e.subjectType && e.subjectId ? labels.get(e.subjectType)?.get(e.subjectId) : undefined;
    const record = known ? { ...known, text: `${subjectTypeName(e.subjectType!)}: ${known.text}` } : fallbackLabel(e);
    const ownRecord = e.subjectType === 'customer' && e.subjectId === e.customerId;
    const customer = e.customerId && !ownRecord ? labels.get('customer')?.get(e.customerId) : undefined;
    return { ...e, who: actorName(e.actorType, e.actorLabel), what: actionName(e.action), ...(record && { record }), ...(customer && { customer }) };
  });
}
