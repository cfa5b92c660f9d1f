// The resident's complaint form, read into what makeComplaint takes or into GOV.UK form errors, in
// the order the questions appear on the page. Pure: the routes pass in today's date and the services
// and standard the page offered. Only what is wrong with the form itself is checked here; whether a
// request reference exists is the complaints service's answer.
import { z } from 'zod';
import { dateFromParts, DATE_PARTS, type DatePart } from '../../../platform/web/date-input.js';
import type { FormErrors, FormInput } from '../../../platform/web/forms.js';
import { parseReference } from '../../cases/reference.js';
import type { Language } from '../model.js';

export const MAX_WHAT_WENT_WRONG = 5000;
export const MAX_PUT_RIGHT = 5000;
const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com';
const PHONE_MESSAGE = 'Enter a UK phone number, like 07700 900 982';
export const NO_WAY_TO_REPLY = 'Enter an email address or a phone number, so that we can reply to your complaint';

/** The boxes of the form, as posted. */
export type ComplaintBody = Record<string, string | string[]>;

/** Each input: the field its message shows on, the id the error summary links to, and its name in a sentence. */
export const COMPLAINT_INPUTS: Record<string, FormInput> = {
  whatHappened: { field: 'whatHappened', id: 'whatHappened', subject: 'What went wrong' },
  putRight: { field: 'putRight', id: 'putRight', subject: 'What would put it right' },
  ...Object.fromEntries(DATE_PARTS.map((p) => [`problemOn-${p}`, { field: 'problemOn', id: 'problemOn-day', subject: 'The date the problem happened' }])),
  serviceId: { field: 'serviceId', id: 'serviceId', subject: 'The service' },
  aboutCase: { field: 'aboutCase', id: 'aboutCase', subject: 'The reference number' },
  contactName: { field: 'contactName', id: 'contactName', subject: 'Your name' },
  contactEmail: { field: 'contactEmail', id: 'contactEmail', subject: 'Email address' },
  contactPhone: { field: 'contactPhone', id: 'contactPhone', subject: 'Phone number' },
  language: { field: 'language', id: 'language', subject: 'The language' },
  standardId: { field: 'serviceId', id: 'serviceId', subject: 'The standard' },
  feedbackId: { field: 'serviceId', id: 'serviceId', subject: 'The report' },
};

export interface ComplaintForm {
  whatHappened: string;
  putRight: string;
  problemOn: string | null;
  serviceId: string;
  aboutCase: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  language: Language;
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

const contactSchema = z.object({
  contactName: z.string().trim().min(1, 'Enter your name').max(200, 'Your name must be 200 characters or fewer'),
  contactEmail: z.string().trim().max(254, EMAIL_MESSAGE).refine((v) => v === '' || z.email().safeParse(v).success, EMAIL_MESSAGE),
  contactPhone: z.string().trim().refine((v) => v === '' || /^(?:\+44|0)\d{9,10}$/.test(v.replace(/[\s()-]/g, '')), PHONE_MESSAGE),
});

export interface ReadOptions {
  /** Today in London, YYYY-MM-DD: the problem cannot have happened after it. */
  today: string;
  /** The services the page offered. */
  serviceIds: readonly string[];
  /** The council replies in Welsh too, so the page asked which language to reply in. */
  welsh: boolean;
}

export type ComplaintReading = { ok: true; form: ComplaintForm } | { ok: false; errors: FormErrors; dateParts: readonly DatePart[] };

/** The date of the problem: none, or a real date today or before, with messages that name the question. */
function readProblemOn(body: ComplaintBody, today: string): { value: string | null } | { message: string; parts: readonly DatePart[] } {
  const given = { day: first(body['problemOn-day']), month: first(body['problemOn-month']), year: first(body['problemOn-year']) };
  if (DATE_PARTS.every((p) => given[p].trim() === '')) return { value: null };
  const parsed = dateFromParts(given, 'The date the problem happened');
  if (!parsed.ok) {
    // "…must be a real date" reads better to someone who is already cross as the instruction GOV.UK suggests.
    const message = parsed.message.endsWith('must be a real date') ? 'Enter the date the problem happened as a real date' : parsed.message;
    return { message, parts: parsed.parts };
  }
  if (parsed.date > today) return { message: 'The date the problem happened must be today or in the past', parts: DATE_PARTS };
  return { value: parsed.date };
}

export function readComplaintForm(body: ComplaintBody, options: ReadOptions): ComplaintReading {
  const errors: FormErrors = { summary: [], fields: {} };
  let dateParts: readonly DatePart[] = [];
  const fail = (field: string, text: string, href = field) => {
    if (errors.fields[field]) return;
    errors.fields[field] = { text };
    errors.summary.push({ text, href: `#${href}` });
  };

  const whatHappened = first(body.whatHappened).trim();
  if (!whatHappened) fail('whatHappened', 'Enter what went wrong');
  else if (whatHappened.length > MAX_WHAT_WENT_WRONG) fail('whatHappened', `What went wrong must be ${MAX_WHAT_WENT_WRONG} characters or fewer`);

  const putRight = first(body.putRight).trim();
  if (putRight.length > MAX_PUT_RIGHT) fail('putRight', `What would put it right must be ${MAX_PUT_RIGHT} characters or fewer`);

  const problemOn = readProblemOn(body, options.today);
  if ('message' in problemOn) {
    dateParts = problemOn.parts;
    fail('problemOn', problemOn.message, `problemOn-${problemOn.parts[0] ?? 'day'}`);
  }

  const serviceId = first(body.serviceId).trim();
  if (serviceId && !options.serviceIds.includes(serviceId)) fail('serviceId', 'Select the service from the list');

  // The check character catches a mistyped reference before we look for it.
  const typedCase = first(body.aboutCase).trim();
  const aboutCase = typedCase ? parseReference(typedCase) : undefined;
  if (aboutCase && !aboutCase.ok) fail('aboutCase', aboutCase.message.replace('Your reference number', 'The reference number'));

  const contact = contactSchema.safeParse({ contactName: first(body.contactName), contactEmail: first(body.contactEmail), contactPhone: first(body.contactPhone) });
  if (!contact.success) for (const issue of contact.error.issues) fail(String(issue.path[0]), issue.message);
  else if (!contact.data.contactEmail && !contact.data.contactPhone) fail('contactEmail', NO_WAY_TO_REPLY);

  const language = first(body.language);
  if (options.welsh && language !== 'en' && language !== 'cy') fail('language', 'Select the language we should reply in');

  if (errors.summary.length || !contact.success || 'message' in problemOn) return { ok: false, errors, dateParts };
  return {
    ok: true,
    form: {
      whatHappened,
      putRight,
      problemOn: problemOn.value,
      serviceId,
      aboutCase: aboutCase?.ok ? aboutCase.reference : '',
      ...contact.data,
      language: options.welsh && language === 'cy' ? 'cy' : 'en',
    },
  };
}
