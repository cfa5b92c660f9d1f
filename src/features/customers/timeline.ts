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
import { REASON_NAMES, SCORE_NAMES, scoreName, type Reason } from '../insight/ratings/model.js';
import { listCustomerRatings, type CustomerRatingRow } from '../insight/ratings/service.js';
import { feedbackForCustomer, type FeedbackItem } from '../insight/service.js';
import { complaintHref, complaintTitle, listCustomerComplaints, type CustomerComplaint } from '../complaints/timeline.js';

/** The kinds of entry; add 'complaint' | 'appointment' | 'feedback' here when they exist. */
export type TimelineKind = 'case' | 'contact' | 'rating' | 'feedback' | 'complaint';

export const TIMELINE_KIND_NAMES: Record<TimelineKind, string> = { case: 'Case', contact: 'Contact', rating: 'Rating', feedback: 'Feedback', complaint: 'Complaint' };

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

const RATING_SOURCES: Record<CustomerRatingRow['source'], string> = { email_link: 'Through the link in our email', web_form: 'On the form after their web request', advisor: 'Given to an advisor' };

export function ratingEntries(ratings: readonly CustomerRatingRow[]): TimelineEntry[] {
  return ratings.map((r) => ({
    kind: 'rating',
    at: r.ratedAt,
    title: `Rated us ${SCORE_NAMES[scoreName(r.score)].toLowerCase()}${r.serviceName ? `: ${r.serviceName}` : ''}`,
    detail: present([
      `${RATING_SOURCES[r.source]} (channel: ${channelName(r.channel).toLowerCase()})`,
      r.reason && `Reason: ${REASON_NAMES[r.reason as Reason] ?? r.reason}`,
      r.comment && `“${r.comment}”`,
      r.caseReference && `Case: ${r.caseReference}`,
    ]),
    ...(r.caseReference && { href: caseHref(r.caseReference) }),
  }));
}

export function feedbackEntries(feedback: readonly FeedbackItem[]): TimelineEntry[] {
  return feedback.map((f) => ({
    kind: 'feedback',
    at: f.receivedAt,
    title: `${f.kindName}${f.serviceName ? `: ${f.serviceName}` : ''}`,
    detail: present([
      `Received by ${f.channelName.toLowerCase()}`,
      f.standardSentence && `Standard not met: ${f.standardSentence}`,
      f.body && `“${f.body.length > 200 ? `${f.body.slice(0, 200)}…` : f.body}”`,
      f.caseReference && `Case: ${f.caseReference}`,
    ]),
    href: f.href,
  }));
}

export function complaintEntries(complaints: readonly CustomerComplaint[]): TimelineEntry[] {
  return complaints.map((c) => ({
    kind: 'complaint',
    at: c.receivedAt,
    title: complaintTitle(c),
    detail: present([
      (c.aboutServiceName || c.aboutCaseReference) && `About: ${[c.aboutServiceName, c.aboutCaseReference && `case ${c.aboutCaseReference}`].filter(Boolean).join(', ')}`,
      `Status: ${c.statusName}`,
      c.lateAwaitingDecision && 'Made after the time limit: awaiting a decision',
    ]),
    href: complaintHref(c.reference),
  }));
}

/** The adapter to the other features: the customer's cases (for the open-cases list) and the whole timeline. */
export async function customerHistory(db: Db, customerId: string): Promise<{ cases: CustomerCase[]; timeline: TimelineEntry[] }> {
  const [cases, contacts, ratings, feedback, complaints] = await Promise.all([
    listCasesForCustomer(db, customerId), listContacts(db, { customerId }), listCustomerRatings(db, customerId),
    // Ratings have their own entries above.
    feedbackForCustomer(db, customerId, { exceptKinds: ['rating'] }),
    listCustomerComplaints(db, customerId),
  ]);
  // A complaint is one 'complaint' entry (its stage and decisions), not also a case and a feedback entry.
  const complaintCases = new Set(complaints.map((c) => c.reference));
  const isComplaint = (reference: string | null) => reference !== null && complaintCases.has(reference);
  const otherCases = cases.filter((c) => !isComplaint(c.reference));
  const otherFeedback = feedback.filter((f) => !(f.kind === 'complaint' && isComplaint(f.caseReference)));
  return { cases, timeline: mergeTimeline(caseEntries(otherCases), contactEntries(contacts), ratingEntries(ratings), feedbackEntries(otherFeedback), complaintEntries(complaints)) };
}
