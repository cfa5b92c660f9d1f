// The complaints pages' forms as pure functions: a posted body in, what the service takes (or the
// errors in the GOV.UK error summary's shape) out. Each checks what only a form can get wrong (a
// date's three boxes, a choice not in the list) and then the service's own schema, so that every
// mistake shows at once and the service is only called with a form worth sending.
import type { InvalidInput } from '../../platform/errors.js';
import type { FormErrors } from '../../platform/web/forms.js';
import { dateFromParts, DATE_PARTS, type DatePart } from '../../platform/web/date-input.js';
import { londonInstant } from '../calendar/model.js';
import { CHANNEL_NAMES, type Channel } from '../charter/model.js';
import { parseReference } from '../cases/reference.js';
import { londonDate } from '../../time/index.js';
import { addMonthsToIsoDay, responseSchema, type ProcedureDefinition } from './model.js';
import type { NewComplaint, ResponseForm } from './service.js';

export type Body = Record<string, string | string[]>;

export const one = (body: Body, name: string): string => String(([] as string[]).concat(body[name] ?? '')[0] ?? '');

/** Collects field messages, the first per field, in the order of the page. */
export class Errors {
  readonly summary: FormErrors['summary'] = [];
  readonly fields: FormErrors['fields'] = {};
  /** Boxes of a date input to mark, by the date's field. */
  readonly dateParts: Record<string, DatePart[]> = {};
  add(field: string, text: string, href = field): void {
    if (this.fields[field]) return;
    this.fields[field] = { text };
    this.summary.push({ text, href: `#${href}` });
  }
  date(field: string, text: string, parts: readonly DatePart[]): void {
    this.dateParts[field] = [...parts];
    this.add(field, text, `${field}-${parts[0] ?? 'day'}`);
  }
  get any(): boolean {
    return this.summary.length > 0;
  }
  get result(): FormErrors & { dateParts: Record<string, DatePart[]> } {
    return { summary: this.summary, fields: this.fields, dateParts: this.dateParts };
  }
}

export type PageErrors = Errors['result'];

/** A date input's value (YYYY-MM-DD), '' when all three boxes are empty and it is optional; errors added. */
export function readDate(body: Body, errors: Errors, field: string, label: string, options: { required: boolean; notAfter?: string; notAfterMessage?: string }): string {
  const parts = { day: one(body, `${field}-day`), month: one(body, `${field}-month`), year: one(body, `${field}-year`) };
  if (!options.required && DATE_PARTS.every((p) => parts[p].trim() === '')) return '';
  const read = dateFromParts(parts, label);
  if (!read.ok) {
    errors.date(field, read.message, read.parts);
    return '';
  }
  if (options.notAfter && read.date > options.notAfter) {
    errors.date(field, options.notAfterMessage ?? `${label} must be today or in the past`, DATE_PARTS);
    return '';
  }
  return read.date;
}

/** The boxes of a GOV.UK date input, those in error marked. */
export function dateItems(body: Body, field: string, errors?: PageErrors) {
  const wrong = errors?.dateParts[field] ?? [];
  return DATE_PARTS.map((part) => ({
    name: part,
    label: part.charAt(0).toUpperCase() + part.slice(1),
    value: one(body, `${field}-${part}`),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${wrong.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

/** The day an instant falls on in London, as the three boxes of a date input. */
export function todayParts(field: string, now: Date): Body {
  const today = londonDate(now);
  return { [`${field}-day`]: String(Number(today.slice(8, 10))), [`${field}-month`]: String(Number(today.slice(5, 7))), [`${field}-year`]: today.slice(0, 4) };
}

/** A day received as an instant: today's is now, an earlier day's noon (as the mail room does). */
export const receivedInstant = (day: string, now: Date): Date => (day === londonDate(now) ? now : londonInstant(day, '12:00'));

// ---- the response form

export const OUTSTANDING_ROWS = [1, 2, 3] as const;

/**
 * The id of the input a response field's message links to. `rows`: the form's row number of each
 * outstanding action sent (empty rows are skipped, so the second action sent may be row 3).
 */
export function responseFieldId(field: string, rows: readonly number[]): string {
  const row = /^outstandingActions\.(\d+)\.(action|owner|dueOn)$/.exec(field);
  if (row) return `${row[2]}-${rows[Number(row[1])] ?? Number(row[1]) + 1}`;
  return field;
}

/** The rows of the outstanding actions with anything typed in them. */
export const filledRows = (body: Body): number[] =>
  OUTSTANDING_ROWS.filter((n) => one(body, `action-${n}`).trim() || one(body, `owner-${n}`).trim() || DATE_PARTS.some((p) => one(body, `dueOn-${n}-${p}`).trim() !== ''));

const dueDateLabel = (n: number) => `Due date of outstanding action ${n}`;

/** The response as the service takes it, or every mistake on the form. */
export function readResponseForm(body: Body): { ok: true; response: ResponseForm } | { ok: false; errors: PageErrors } {
  const errors = new Errors();
  const outstanding: { action: string; owner: string; dueOn: string }[] = [];
  // A row left empty is no action.
  const rows = filledRows(body);
  for (const n of rows) {
    const dueOn = readDate(body, errors, `dueOn-${n}`, dueDateLabel(n), { required: true });
    outstanding.push({ action: one(body, `action-${n}`), owner: one(body, `owner-${n}`), dueOn: dueOn || 'invalid' });
  }
  const response: ResponseForm = {
    decision: one(body, 'decision'),
    reasons: one(body, 'reasons'),
    apology: one(body, 'apology'),
    actionTaken: one(body, 'actionTaken'),
    payment: one(body, 'payment'),
    learning: one(body, 'learning'),
    outstandingActions: outstanding,
  };
  const apology = one(body, 'apology');
  const parsed = responseSchema.safeParse(response);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = responseFieldId(issue.path.join('.'), rows);
      // The date's own message (from its boxes) is clearer than the schema's.
      if (/^dueOn-\d$/.test(field)) {
        if (!errors.fields[field]) errors.date(field, `Enter the ${dueDateLabel(Number(field.slice(-1))).toLowerCase()}`, DATE_PARTS);
        continue;
      }
      errors.add(field, issue.message, field === 'decision' ? 'decision' : field);
    }
  }
  if (apology !== 'yes' && apology !== 'no') errors.add('apology', 'Select yes if the response apologises');
  return errors.any ? { ok: false, errors: sortResponseErrors(errors.result) } : { ok: true, response };
}

const RESPONSE_ORDER = ['decision', 'reasons', 'apology', 'actionTaken', 'payment', 'learning', ...OUTSTANDING_ROWS.flatMap((n) => [`action-${n}`, `owner-${n}`, `dueOn-${n}`])];

/** The summary in the order the questions are asked. */
function sortResponseErrors(errors: PageErrors): PageErrors {
  const rank = (href: string) => {
    const i = RESPONSE_ORDER.findIndex((f) => href === `#${f}` || href.startsWith(`#${f}-`));
    return i < 0 ? RESPONSE_ORDER.length : i;
  };
  return { ...errors, summary: [...errors.summary].sort((a, b) => rank(a.href) - rank(b.href)) };
}

/** The service's refusal of a response, on the response form's fields. */
export function responseErrors(error: InvalidInput, body: Body): PageErrors {
  const errors = new Errors();
  const rows = filledRows(body);
  for (const issue of error.issues) {
    const field = responseFieldId(issue.field, rows);
    errors.add(field, issue.message, /^dueOn-\d$/.test(field) ? `${field}-day` : field);
  }
  return errors.result;
}

// ---- recording a complaint

export const RECORD_CHANNELS = ['phone', 'face_to_face', 'email', 'letter', 'webchat', 'social_media'] as const satisfies readonly Channel[];

export const channelItems = (chosen: string) => RECORD_CHANNELS.map((c) => ({ value: c, text: CHANNEL_NAMES[c], checked: c === chosen }));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface RecordOptions {
  now: Date;
  procedure: ProcedureDefinition;
  welsh: boolean;
  /** May send a complaint straight to stage 2. */
  canWork: boolean;
  serviceIds: readonly string[];
}

/** A complaint recorded by staff, or every mistake on the form. */
export function readRecordForm(body: Body, options: RecordOptions): { ok: true; complaint: NewComplaint; late: boolean } | { ok: false; errors: PageErrors } {
  const errors = new Errors();
  const today = londonDate(options.now);
  const channel = one(body, 'channel');
  if (!(RECORD_CHANNELS as readonly string[]).includes(channel)) errors.add('channel', 'Select how the complaint was made', 'channel');
  const receivedOn = readDate(body, errors, 'receivedDate', 'Date received', { required: true, notAfter: today, notAfterMessage: 'Date received must be today or in the past' });
  const name = one(body, 'name').trim();
  const email = one(body, 'email').trim();
  const phone = one(body, 'phone').trim();
  if (name.length > 200) errors.add('name', 'Name must be 200 characters or fewer');
  if (email && (!EMAIL.test(email) || email.length > 254)) errors.add('email', 'Enter an email address in the correct format, like name@example.com');
  if (phone && !/^[+\d][\d\s()-]{5,24}$/.test(phone)) errors.add('phone', 'Enter a phone number, like 01632 960 001 or 07700 900 982');
  const whatHappened = one(body, 'whatHappened').trim();
  if (!whatHappened) errors.add('whatHappened', 'Enter what went wrong');
  else if (whatHappened.length > 5000) errors.add('whatHappened', 'What went wrong must be 5000 characters or fewer');
  const putRight = one(body, 'putRight').trim();
  if (putRight.length > 5000) errors.add('putRight', 'What would put it right must be 5000 characters or fewer');
  const problemOn = readDate(body, errors, 'problemOn', 'Date of the problem', { required: false, notAfter: receivedOn || today, notAfterMessage: 'Date of the problem must be on or before the date received' });
  // "hn4k 7pq2" finds HN4K-7PQ2; anything else goes to the service, which says there is no such case.
  const typedCase = one(body, 'aboutCase').trim();
  const parsedCase = parseReference(typedCase);
  const aboutCase = parsedCase.ok ? parsedCase.reference : typedCase;
  const serviceId = one(body, 'serviceId');
  if (serviceId && !options.serviceIds.includes(serviceId)) errors.add('serviceId', 'Choose a service from the list');
  const language = one(body, 'language');
  if (options.welsh && language !== 'en' && language !== 'cy') errors.add('language', 'Select whether to reply in English or Welsh', 'language');
  const direct = one(body, 'direct') === 'yes';
  const directReason = one(body, 'directReason').trim();
  if (direct && !options.canWork) errors.add('direct', 'Only complaints officers can send a complaint straight to stage 2', 'direct');
  else if (direct && !directReason) errors.add('directReason', 'Enter why this complaint goes straight to stage 2');
  const lateReason = one(body, 'lateReason').trim();
  if (lateReason.length > 2000) errors.add('lateReason', 'Reason must be 2000 characters or fewer');
  if (errors.any) return { ok: false, errors: errors.result };
  const late = !!problemOn && receivedOn > addMonthsToIsoDay(problemOn, options.procedure.timeLimitMonths);
  return {
    ok: true,
    late,
    complaint: {
      channel: channel as Channel,
      receivedAt: receivedInstant(receivedOn, options.now),
      contact: { ...(name && { name }), ...(email && { email }), ...(phone && { phone }) },
      customerId: one(body, 'customerId') || null,
      whatHappened,
      putRight,
      problemOn: problemOn || null,
      about: { ...(aboutCase && { caseReference: aboutCase }), ...(serviceId && { serviceId }) },
      ...(options.welsh && { language: language as 'en' | 'cy' }),
      ...(late && lateReason && { lateReason }),
      ...(direct && { directToStage2: { reason: directReason } }),
    },
  };
}

/** Where the service's field names point on the record form. */
export function recordErrors(error: InvalidInput): PageErrors {
  const errors = new Errors();
  const ids: Record<string, string> = { whatHappened: 'whatHappened', directReason: 'directReason', aboutCase: 'aboutCase', channel: 'channel' };
  for (const issue of error.issues) errors.add(ids[issue.field] ?? issue.field, issue.message);
  return errors.result;
}
