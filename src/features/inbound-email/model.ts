// What we read from an email, pure and without I/O: the case references it carries, the reply
// written above the quoted history, whether a machine sent it (an out-of-office, a bounce), and the
// limits that keep one message from filling the database.
import { parseReference } from '../cases/reference.js';

export const CONTACT_STATUSES = ['new', 'linked', 'handled'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** The largest message the listener takes, in bytes (attachments included, as encoded). */
export const MAX_MESSAGE_BYTES = 15 * 1024 * 1024;
/** Text kept of one email; a longer one is cut, saying so. */
export const MAX_BODY_CHARACTERS = 100_000;
const MAX_SUBJECT_CHARACTERS = 998;
const MAX_HEADER_CHARACTERS = 500;
/** A reply becomes a case update, so it is kept within the case's own limit. */
export { MAX_TEXT as MAX_CASE_UPDATE_CHARACTERS } from '../cases/lifecycle.js';
/** Attachments kept per email, and the largest kept. A file outside these is listed, not stored. */
export const MAX_KEPT_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** References looked up per email: the first few are enough, and each costs a query. */
const MAX_REFERENCES = 5;

/** Cuts `text` to `max` characters, saying how much was left out. */
export function limitText(text: string, max: number, note: (omitted: number) => string): string {
  if (text.length <= max) return text;
  const suffix = note(text.length - max);
  return `${text.slice(0, Math.max(0, max - suffix.length))}${suffix}`;
}

export const limitSubject = (subject: string | undefined): string => (subject ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_SUBJECT_CHARACTERS);

/** A header value we keep (Message-ID, In-Reply-To): one line, bounded; undefined when empty. */
export function headerValue(value: string | undefined): string | undefined {
  const cleaned = (value ?? '').replace(/[\r\n]+/g, ' ').trim().slice(0, MAX_HEADER_CHARACTERS);
  return cleaned || undefined;
}

// A reference as we print it (XXXX-XXXX), in any case, not inside a longer run of letters.
// The hyphen is required: without it, ordinary pairs of words ("have been") would be candidates.
const CANDIDATE = /(?<![A-Za-z0-9])([2-9A-HJ-NP-Za-hj-np-z]{4}-[2-9A-HJ-NP-Za-hj-np-z]{4})(?![A-Za-z0-9])/g;

/** The valid case references (check character and all) in the subject, then the body, in order. */
export function findReferences(subject: string, body: string): string[] {
  const found: string[] = [];
  for (const text of [subject, body]) {
    for (const match of text.matchAll(CANDIDATE)) {
      const parsed = parseReference(match[1] ?? '');
      if (parsed.ok && !found.includes(parsed.reference)) found.push(parsed.reference);
      if (found.length >= MAX_REFERENCES) return found;
    }
  }
  return found;
}

// Where the quoted history of a reply begins, as the common mail programs write it.
const ATTRIBUTION = /^\s*On\s.*\bwrote:\s*$/i; // Gmail, Apple Mail, Thunderbird: "On ..., Name <a@b> wrote:"
const ATTRIBUTION_START = /^\s*On\s.*\d/i; // ... which Gmail wraps over two lines when it is long
const WROTE_END = /\bwrote:\s*$/i;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i; // older Outlook
const OUTLOOK_FROM = /^\s*\*?From:\*?\s/i; // Outlook: "From: ..." then "Sent: ..." (or "Date: ...")
const OUTLOOK_SENT = /^\s*\*?(Sent|Date):\*?\s/i;

function startsHistory(line: string, next: string | undefined): boolean {
  if (ATTRIBUTION.test(line) || ORIGINAL_MESSAGE.test(line)) return true;
  if (next === undefined) return false;
  return (ATTRIBUTION_START.test(line) && WROTE_END.test(next)) || (OUTLOOK_FROM.test(line) && OUTLOOK_SENT.test(next));
}

/**
 * What the person wrote in reply: the text above the quoted history, without quoted (">") lines,
 * so the case's timeline does not repeat our own message back to us.
 */
export function replyText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (startsHistory(line, lines[i + 1])) break;
    if (!/^\s*>/.test(line)) kept.push(line.trimEnd());
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Headers as mailparser gives them: lowercase names, decoded values. */
export type HeaderLookup = { get(name: string): unknown };

const headerText = (headers: HeaderLookup, name: string): string => {
  const value = headers.get(name);
  if (typeof value === 'string') return value.toLowerCase();
  if (value && typeof value === 'object' && 'value' in value) return String(value.value).toLowerCase();
  return '';
};

/**
 * True for mail a machine sent: an out-of-office or other automatic reply (RFC 3834's
 * Auto-Submitted and the older headers some systems still use), a bounce or a delivery report. Such
 * mail is recorded, but never speaks for the resident on a case: an out-of-office reply to "we need
 * more information" must not restart the clock as if they had answered.
 */
export function isAutomatic(headers: HeaderLookup, envelopeFrom: string | undefined): boolean {
  if (envelopeFrom === '') return true; // the null sender <> is only used for bounces and reports
  const autoSubmitted = headerText(headers, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(headerText(headers, 'precedence'))) return true;
  if (headers.get('x-autoreply') !== undefined || headers.get('x-autorespond') !== undefined) return true;
  return headerText(headers, 'content-type') === 'multipart/report';
}

/** Same mailbox, ignoring case and surrounding spaces. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = (a ?? '').trim().toLowerCase();
  return left !== '' && left === (b ?? '').trim().toLowerCase();
}
