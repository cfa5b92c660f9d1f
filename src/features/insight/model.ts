// Customer Insight, pure: the kinds of feedback, action statuses and the forms' rules.
import { z } from 'zod';
import { dateFromParts, type DatePart } from '../../platform/web/date-input.js';
import { UUID } from '../charter/model.js';

export const FEEDBACK_KINDS = ['complaint', 'compliment', 'comment', 'failed_standard', 'rating'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_KIND_NAMES: Record<FeedbackKind, string> = {
  complaint: 'Complaint',
  compliment: 'Compliment',
  comment: 'Comment',
  failed_standard: 'Standard not met',
  rating: 'Rating',
};

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_NAMES: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const MAX_BODY = 5000;
export const MAX_NAME = 200;
export const MAX_EMAIL = 320;
export const MAX_PHONE = 40;
export const MAX_THEME_NAME = 100;
export const MAX_TITLE = 200;
export const MAX_PUBLIC_WORDING = 2000;

/** An action still to do whose due date has passed (in London) is overdue. */
export function isOverdue(action: { status: ActionStatus; dueOn: string | null }, today: string): boolean {
  return (action.status === 'open' || action.status === 'in_progress') && action.dueOn !== null && action.dueOn < today;
}

export interface ActionInput {
  title: string;
  plan: string;
  ownerId: string | null;
  serviceId: string | null;
  /** YYYY-MM-DD. */
  dueOn: string | null;
  status: ActionStatus;
  outcome: string;
  youSaid: string;
  weDid: string;
}

export interface Issue {
  field: string;
  message: string;
}

/** The rules an action keeps whoever saves it: done means the outcome and the public wording are written. */
export function actionIssues(input: ActionInput): Issue[] {
  const issues: Issue[] = [];
  const title = input.title.trim();
  if (title === '') issues.push({ field: 'title', message: 'Enter a title for the action' });
  else if (title.length > MAX_TITLE) issues.push({ field: 'title', message: `Title must be ${MAX_TITLE} characters or fewer` });
  if (input.plan.length > MAX_BODY) issues.push({ field: 'plan', message: `What we will do must be ${MAX_BODY} characters or fewer` });
  if (!ACTION_STATUSES.includes(input.status)) issues.push({ field: 'status', message: 'Select the status of the action' });
  if (input.outcome.length > MAX_BODY) issues.push({ field: 'outcome', message: `Outcome must be ${MAX_BODY} characters or fewer` });
  for (const [field, label] of [['youSaid', '“You said”'], ['weDid', '“We did”']] as const) {
    if (input[field].length > MAX_PUBLIC_WORDING) issues.push({ field, message: `${label} must be ${MAX_PUBLIC_WORDING} characters or fewer` });
  }
  if (input.status === 'done') {
    if (input.outcome.trim() === '') issues.push({ field: 'outcome', message: 'Enter the outcome before marking the action done' });
    if (input.youSaid.trim() === '') issues.push({ field: 'youSaid', message: 'Enter what residents said (“You said”) before marking the action done' });
    if (input.weDid.trim() === '') issues.push({ field: 'weDid', message: 'Enter what we did (“We did”) before marking the action done' });
  }
  return issues;
}

/** The theme name as it will be kept, or a message saying what is wrong with it. */
export function themeNameIssue(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter the name of the theme';
  if (trimmed.length > MAX_THEME_NAME) return `Name of the theme must be ${MAX_THEME_NAME} characters or fewer`;
  return undefined;
}

// ---- the residents' forms

const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com';

const contactFields = {
  contactName: z.string().trim().max(MAX_NAME, `Your name must be ${MAX_NAME} characters or fewer`),
  contactEmail: z
    .string()
    .trim()
    .max(254, EMAIL_MESSAGE)
    .refine((v) => v === '' || z.email().safeParse(v).success, EMAIL_MESSAGE),
};

const bodyField = (emptyMessage: string, label: string) =>
  z.string().trim().min(1, emptyMessage).max(MAX_BODY, `${label} must be ${MAX_BODY} characters or fewer`);

/** "Pay a compliment" and "Make a comment": which service (optional), what they want to tell us, who they are (optional). */
export const feedbackFormSchema = z.object({
  serviceId: z.string().trim().refine((v) => v === '' || UUID.test(v), 'Select the service from the list'),
  body: bodyField('Enter what you want to tell us', 'What you want to tell us'),
  ...contactFields,
});
export type FeedbackForm = z.output<typeof feedbackFormSchema>;

/** "Tell us if we did not meet this standard": what happened (and when), who they are, and whether it is a complaint. */
export const notMetFormSchema = z.object({
  body: bodyField('Enter what happened', 'What happened'),
  ...contactFields,
  complaint: z.enum(['yes', 'no'], { error: 'Select yes if you want us to treat this as a complaint' }),
});
export type NotMetForm = z.output<typeof notMetFormSchema>;

/** The form's values with the fields it knows filled in, so a field left out of the post is an empty answer. */
export function withBlanks(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = typeof body[name] === 'string' ? body[name] : '';
  return out;
}

// ---- the staff's action form

/** The action form's inputs, in the page's order: the error summary follows it. */
export const ACTION_FIELDS = ['title', 'plan', 'serviceId', 'ownerId', 'dueOn', 'status', 'outcome', 'youSaid', 'weDid'] as const;
const ACTION_FIELD_IDS: Record<string, string> = { dueOn: 'dueOn-day', status: 'status' };
export const actionFieldId = (field: string): string => ACTION_FIELD_IDS[field] ?? field;

type FormValue = string | string[] | undefined;
const one = (v: FormValue): string => ((Array.isArray(v) ? v[0] : v) ?? '');

export type ActionFormReading =
  | { ok: true; value: ActionInput }
  | { ok: false; errors: { summary: { text: string; href: string }[]; fields: Record<string, { text: string }> }; dateParts: DatePart[] };

/** Reads the action form: every rule of actionIssues, a due date that is a real date (or none), ids that look like ids. */
export function readActionForm(body: Record<string, FormValue>): ActionFormReading {
  const issues: Issue[] = [];
  let dateParts: DatePart[] = [];
  const parts = { day: one(body['dueOn-day']), month: one(body['dueOn-month']), year: one(body['dueOn-year']) };
  let dueOn: string | null = null;
  if (parts.day.trim() || parts.month.trim() || parts.year.trim()) {
    const date = dateFromParts(parts, 'Due date');
    if (date.ok) dueOn = date.date;
    else {
      issues.push({ field: 'dueOn', message: date.message });
      dateParts = date.parts;
    }
  }
  const id = (field: 'ownerId' | 'serviceId', message: string) => {
    const value = one(body[field]).trim();
    if (value && !UUID.test(value)) issues.push({ field, message });
    return value && UUID.test(value) ? value : null;
  };
  const status = one(body.status) as ActionStatus;
  const input: ActionInput = {
    title: one(body.title),
    plan: one(body.plan),
    ownerId: id('ownerId', 'Select the owner from the list'),
    serviceId: id('serviceId', 'Select the service from the list'),
    dueOn,
    status: ACTION_STATUSES.includes(status) ? status : ('' as ActionStatus),
    outcome: one(body.outcome),
    youSaid: one(body.youSaid),
    weDid: one(body.weDid),
  };
  issues.push(...actionIssues(input));
  if (!issues.length) return { ok: true, value: input };
  const order = (f: string) => ACTION_FIELDS.indexOf(f as (typeof ACTION_FIELDS)[number]);
  const sorted = [...issues].sort((a, b) => order(a.field) - order(b.field));
  const fields: Record<string, { text: string }> = {};
  const summary: { text: string; href: string }[] = [];
  for (const issue of sorted) {
    if (fields[issue.field]) continue;
    fields[issue.field] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${issue.field === 'dueOn' ? `dueOn-${dateParts[0] ?? 'day'}` : actionFieldId(issue.field)}` });
  }
  return { ok: false, errors: { summary, fields }, dateParts };
}
