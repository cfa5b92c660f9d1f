// What a resident sees of their own case, and how the details they type are matched to it. Pure.
// The resident sees only the public timeline, described in their words: a status by its public
// name, the council's updates as the council's (never an officer's name), their own as theirs.
import type { CaseEvent } from '../store.js';
import { findStatus, type Workflow } from '../workflow/model.js';

/** The one answer for a reference that does not exist and for details that do not match it. */
export const NOT_FOUND = 'We could not find a request with those details';
const ENTER_CONTACT = 'Enter the email address or phone number you gave us with your request';
const CONTACT_FORMAT = 'Enter an email address, like name@example.com, or a phone number, like 07700 900 982';

export type GivenContact = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

/**
 * A phone number as its national digits: +44 7700 900982, 0044 7700 900982 and 07700 900 982 are
 * the same number to the person who typed them, so they are the same here.
 */
export function phoneDigits(value: string): string {
  // "+44 (0)7700 900982": the bracketed 0 is the national prefix, written for people in the UK.
  const digits = value.replace(/\(0\)/g, '').replace(/\D/g, '');
  const international = /^(?:00)?44(\d{9,10})$/.exec(digits);
  return international ? `0${international[1]}` : digits;
}

export function parseContact(input: string): { ok: true; contact: GivenContact } | { ok: false; message: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, message: ENTER_CONTACT };
  if (trimmed.includes('@')) return { ok: true, contact: { kind: 'email', value: trimmed.toLowerCase() } };
  const digits = phoneDigits(trimmed);
  if (/^0\d{9,10}$/.test(digits) && !/[a-z]/i.test(trimmed)) return { ok: true, contact: { kind: 'phone', value: digits } };
  return { ok: false, message: CONTACT_FORMAT };
}

/** Whether what the resident typed is the email address (any case) or phone number (any format) on the case. */
export function contactMatches(onCase: { email?: string; phone?: string }, given: GivenContact): boolean {
  if (given.kind === 'email') return !!onCase.email && onCase.email.trim().toLowerCase() === given.value;
  return !!onCase.phone && phoneDigits(onCase.phone) === given.value;
}

export interface TrackingItem {
  title: string;
  /** What was written (an update, the resident's own information), shown as written. */
  message?: string;
  /** The resident's own words, or the council's: never the name of the person who did it. */
  fromCustomer: boolean;
  at: Date;
}

type Detail = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Only these public events are described; anything else (a type added later) is left out rather
 * than risk showing a resident what was meant for staff. Details are picked field by field: a
 * status change's internal reason, for one, is never read.
 */
const DESCRIBE: Record<string, (d: Detail, workflow: Workflow) => Omit<TrackingItem, 'at'>> = {
  received: () => ({ title: 'We received your request', fromCustomer: false }),
  status_changed: (d, w) => ({ title: `Status: ${findStatus(w, str(d.to))?.publicName ?? (str(d.toName) || str(d.to))}`, fromCustomer: false }),
  public_update: (d) => ({ title: 'Update from us', message: str(d.message), fromCustomer: false }),
  customer_update: (d) => ({ title: 'You added information', message: str(d.message), fromCustomer: true }),
  marked_duplicate: () => ({ title: 'Someone had already reported this, so we are dealing with it on their report', fromCustomer: false }),
};

/**
 * A public event another feature records on a case (a complaint's escalation, say) names itself for
 * the resident in `publicTitle`; without one it is left out.
 */
function describe(event: CaseEvent, workflow: Workflow): Omit<TrackingItem, 'at'> | undefined {
  const known = DESCRIBE[event.type];
  if (known) return known(event.detail, workflow);
  const title = str(event.detail.publicTitle);
  return title ? { title, fromCustomer: event.detail.fromCustomer === true, ...(str(event.detail.publicMessage) && { message: str(event.detail.publicMessage) }) } : undefined;
}

/** The public timeline, newest first. */
export function publicTimeline(events: readonly CaseEvent[], workflow: Workflow): TrackingItem[] {
  return events
    .filter((e) => e.public)
    .flatMap((e) => {
      const item = describe(e, workflow);
      return item ? [{ ...item, at: e.at }] : [];
    })
    .reverse();
}

/** What the council last told the resident: when the case waits for them, the question they are asked. */
export function latestUpdate(events: readonly CaseEvent[]): string | undefined {
  const update = events.findLast((e) => e.public && e.type === 'public_update');
  return update ? str(update.detail.message) : undefined;
}
