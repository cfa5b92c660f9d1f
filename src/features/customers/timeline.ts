// One timeline of everything the council has had to do with a customer, newest first, so an
// advisor sees the whole story at once and nobody asks the customer to repeat themselves.
//
// Pure at its core: each source (cases, contacts) becomes a list of TimelineEntry, and
// `mergeTimeline` interleaves the lists. Complaints, appointments and feedback slot in later as
// more kinds, each with its own `...Entries` function and one more source in `customerHistory`;
// nothing else changes.
import type { Db } from '../../platform/db/database.js';
import { CHANNEL_NAMES, type Channel } from '../charter/model.js';
import { listCasesForCustomer, type CustomerCase } from '../cases/customer-cases.js';
import { listContacts, type ContactSummary } from '../contacts/service.js';

/** The kinds of entry; add 'complaint' | 'appointment' | 'feedback' here when they exist. */
export type TimelineKind = 'case' | 'contact';

export const TIMELINE_KIND_NAMES: Record<TimelineKind, string> = { case: 'Case', contact: 'Contact' };

export interface TimelineEntry {
  kind: TimelineKind;
  at: Date;
  title: string;
  /** Short facts, one line each ("Status: In progress"); empty parts are left out. */
  detail: string[];
  /** Where to read more, when there is a page for it. */
  href?: string;
  /** Files that came with it (a letter's scan), to download. */
  files?: { href: string; text: string }[];
}

/** All the entries of every source, newest first; entries at the same moment keep their sources' order. */
export function mergeTimeline(...sources: readonly (readonly TimelineEntry[])[]): TimelineEntry[] {
  // Array.prototype.sort is stable, so ties keep the order the sources were given in.
  return sources.flat().sort((a, b) => b.at.getTime() - a.at.getTime());
}

export const caseHref = (reference: string): string => `/staff/cases/${encodeURIComponent(reference)}`;

const channelName = (channel: string): string => CHANNEL_NAMES[channel as Channel] ?? channel;
const present = (lines: (string | null | undefined | false)[]): string[] => lines.filter((l): l is string => !!l);

export function caseEntries(cases: readonly CustomerCase[]): TimelineEntry[] {
  return cases.map((c) => ({
    kind: 'case',
    at: c.receivedAt,
    title: `Case ${c.reference} raised: ${c.requestTypeName}`,
    detail: present([`${c.serviceName}, received by ${channelName(c.channel).toLowerCase()}`, `Status: ${c.statusName}`]),
    href: caseHref(c.reference),
  }));
}

export function contactEntries(contacts: readonly ContactSummary[]): TimelineEntry[] {
  return contacts.map((c) => {
    const about = c.requestTypeName ?? c.serviceName ?? c.reason ?? c.subject;
    const direction = c.direction === 'outbound' ? 'to the customer' : 'from the customer';
    return {
      kind: 'contact',
      at: c.receivedAt,
      title: `${c.channelName} ${direction}${about ? `: ${about}` : ''}`,
      detail: present([
        c.reason && c.reason !== about && `Reason: ${c.reason}`,
        c.outcomeName && `Outcome: ${c.outcomeName}`,
        c.caseReference && `Case: ${c.caseReference}`,
        c.avoidable && `Avoidable contact${c.avoidableTypeName ? `: ${c.avoidableTypeName}` : ''}`,
        (c.advisorName || c.locationName) && `Handled by ${[c.advisorName, c.locationName].filter(Boolean).join(', ')}`,
      ]),
      ...(c.caseReference && { href: caseHref(c.caseReference) }),
      ...(c.attachments.length && { files: c.attachments.map((f) => ({ href: `/staff/contacts/${c.id}/attachments/${f.id}`, text: f.filename })) }),
    };
  });
}

/** The adapter to the other features: the customer's cases (for the open-cases list) and the whole timeline. */
export async function customerHistory(db: Db, customerId: string): Promise<{ cases: CustomerCase[]; timeline: TimelineEntry[] }> {
  const [cases, contacts] = await Promise.all([listCasesForCustomer(db, customerId), listContacts(db, { customerId })]);
  return { cases, timeline: mergeTimeline(caseEntries(cases), contactEntries(contacts)) };
}
