// Customer records, pure: the kinds, the reasonable adjustments, the normalisers that make search
// find a customer however their details were typed, and the one schema that checks a customer's
// details whether they come from the advisor's form or from another service.
//
// The form (for the pages): one input per field, named as the keys of `CustomerFields` below
// (kind, title, givenName, familyName, organisationName, address, postcode, uprn,
// preferredChannel, preferredLanguage, safetyNote, notes). Several emails and phones are
// REPEATED inputs with the same name, `email` and `phone` (blank ones are ignored, so a page may
// always offer one more empty box); give them the ids `email-1`, `email-2`... and `phone-1`... which
// is where `readCustomerForm`'s errors point (`emailFieldId(i)`, `phoneFieldId(i)`).
// Adjustments are checkboxes named `adjustments` whose values are ADJUSTMENT_KINDS, each with an
// optional text input named (and with the id) `adjustmentDetail-<kind>` (`adjustmentDetailField`);
// interpreter (the language), named contact (the name) and other require it (ADJUSTMENT_DETAILS).
import { normalisePostcode } from '../charter/fields/readers.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { FormErrors } from '../../platform/web/forms.js';

export const CUSTOMER_KINDS = ['person', 'organisation'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const CUSTOMER_KIND_NAMES: Record<CustomerKind, string> = { person: 'Person', organisation: 'Organisation' };

export const ADJUSTMENT_KINDS = ['large_print', 'easy_read', 'bsl', 'interpreter', 'no_phone_calls', 'named_contact', 'other'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
export const ADJUSTMENT_NAMES: Record<AdjustmentKind, string> = {
  large_print: 'Large print',
  easy_read: 'Easy Read',
  bsl: 'British Sign Language',
  interpreter: 'Interpreter',
  no_phone_calls: 'No phone calls',
  named_contact: 'Named contact',
  other: 'Other',
};

/** The kinds whose detail is required: what the label asks and what the error says when it is missing. */
export const ADJUSTMENT_DETAILS: Partial<Record<AdjustmentKind, { label: string; missing: string }>> = {
  interpreter: { label: 'Language', missing: 'Enter the language the customer needs an interpreter for' },
  named_contact: { label: 'Name of the contact', missing: 'Enter the name of the customer’s named contact' },
  other: { label: 'What the customer needs', missing: 'Enter the adjustment the customer needs' },
};

/** How an adjustment reads wherever it is shown: "Interpreter (Polish)". */
export function adjustmentText(adjustment: { kind: AdjustmentKind; detail: string }): string {
  const name = ADJUSTMENT_NAMES[adjustment.kind];
  if (!adjustment.detail) return name;
  return adjustment.kind === 'other' ? adjustment.detail : `${name} (${adjustment.detail})`;
}

export const MAX_NAME = 100;
export const MAX_ORGANISATION_NAME = 200;
export const MAX_ADDRESS = 500;
export const MAX_NOTE = 5000;
export const MAX_EMAILS = 10;
export const MAX_PHONES = 10;

export const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com';
export const PHONE_MESSAGE = 'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192';
export const POSTCODE_MESSAGE = 'Enter a real postcode, like LE1 5FQ';
export const UPRN_MESSAGE = 'UPRN must be a number of up to 12 digits';

// ---- normalisers

// One postcode rule for the whole app: the request forms' location question uses the same.
export { normalisePostcode };

/** True for text that could only be meant as a postcode (used by search to classify a query). */
export const looksLikePostcode = (value: string): boolean => normalisePostcode(value) !== undefined;

export interface PhoneNumber {
  /** E.164, like +447700900123: what is stored and compared. */
  number: string;
  /** As the council writes it: national format for a UK number, international otherwise. */
  display: string;
}

// Digits, spaces and the punctuation people put in numbers; anything else (letters) is a mistake.
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;

/**
 * "(07700) 900 123", "+44 7700 900123" and "0044 7700 900123" are all +447700900123. Possible
 * (right length for its country) rather than valid: Ofcom's drama numbers, which the council uses
 * in examples and training, are deliberately not allocated, so libphonenumber calls them invalid.
 */
export function normalisePhone(value: string): PhoneNumber | undefined {
  const trimmed = value.trim();
  if (!PHONE_CHARACTERS.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed.replace(/^00/, '+'), 'GB');
  if (!parsed?.isPossible()) return undefined;
  return { number: parsed.number, display: parsed.countryCallingCode === '44' ? parsed.formatNational() : parsed.formatInternational() };
}

export const normaliseEmail = (value: string): string => value.trim().toLowerCase();

// Deliberately loose: one @, something either side, a dot in the domain. Whether it delivers is
// for the mail system to find out; this catches typing mistakes.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (value: string): boolean => EMAIL.test(value) && value.length <= 254;

/**
 * The name search compares: lower case, accents removed, one space between words, so "Zoë
 * O'Brien" is found by "zoe obrien" and "zoe o'brien" alike (trigrams ignore punctuation).
 */
export function searchName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface NameParts {
  kind: CustomerKind;
  title?: string | null | undefined;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  organisationName?: string | null | undefined;
}

/** "Ms Ann Example" for a person, the organisation's name for an organisation. */
export function displayName(parts: NameParts): string {
  if (parts.kind === 'organisation') return (parts.organisationName ?? '').trim();
  return [parts.title, parts.givenName, parts.familyName].map((p) => (p ?? '').trim()).filter(Boolean).join(' ');
}

/** The name search indexes: without the title, which nobody searches by. */
export function searchNameOf(parts: NameParts): string {
  return searchName(parts.kind === 'organisation' ? (parts.organisationName ?? '') : [parts.givenName, parts.familyName].filter(Boolean).join(' '));
}

// ---- the record

export interface CustomerEmail {
  id: string;
  email: string;
  label: string | null;
}

export interface CustomerPhone extends PhoneNumber {
  id: string;
  label: string | null;
}

export interface Adjustment {
  kind: AdjustmentKind;
  /** The language, the contact's name, or what "other" means; '' when the kind needs none. */
  detail: string;
}

export interface CustomerAdjustment extends Adjustment {
  id: string;
}

export interface Customer {
  id: string;
  kind: CustomerKind;
  title: string | null;
  givenName: string | null;
  familyName: string | null;
  organisationName: string | null;
  displayName: string;
  address: string | null;
  postcode: string | null;
  uprn: string | null;
  preferredChannel: string | null;
  preferredLanguage: string | null;
  /** Shown as a warning to everyone who serves the customer. */
  safetyNote: string | null;
  notes: string;
  emails: CustomerEmail[];
  phones: CustomerPhone[];
  adjustments: CustomerAdjustment[];
  /** Set when this record was merged into another: pages redirect there. */
  mergedInto: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** How a search or a duplicate check found the customer. */
export type MatchedOn = 'reference' | 'email' | 'phone' | 'postcode' | 'name' | 'uprn';
export const MATCHED_ON_NAMES: Record<MatchedOn, string> = {
  reference: 'Case reference',
  email: 'Email address',
  phone: 'Telephone number',
  postcode: 'Postcode',
  name: 'Name',
  uprn: 'UPRN',
};

/** One line of search results or of possible duplicates. */
export interface CustomerMatch {
  id: string;
  displayName: string;
  kind: CustomerKind;
  address: string | null;
  postcode: string | null;
  /** The first email and phone (display form), or null. */
  email: string | null;
  phone: string | null;
  matchedOn: MatchedOn;
  /** For the badges: reasonable adjustments recorded, a staff-safety note recorded. */
  hasAdjustments: boolean;
  hasSafetyNote: boolean;
}

// ---- validation: one schema for the form and for services

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

const adjustmentSchema = z.object({
  kind: z.enum(ADJUSTMENT_KINDS, { error: 'Select an adjustment from the list' }),
  detail: z.string().trim().max(200, 'Adjustment detail must be 200 characters or fewer').optional().default(''),
});

/**
 * A customer's details as a service takes them (`CustomerInput`) and as they are stored after
 * (`CustomerData`): emails lower-cased, phones E.164 with their display form, postcode formatted.
 * Issue paths are `emails.<i>`, `phones.<i>`, `adjustments.<kind>` or a field name.
 */
export const customerSchema = z
  .object({
    kind: z.enum(CUSTOMER_KINDS, { error: 'Select whether the customer is a person or an organisation' }),
    title: optionalText(30, 'Title'),
    givenName: optionalText(MAX_NAME, 'First name'),
    familyName: optionalText(MAX_NAME, 'Last name'),
    organisationName: optionalText(MAX_ORGANISATION_NAME, 'Organisation name'),
    address: optionalText(MAX_ADDRESS, 'Address'),
    postcode: z
      .string()
      .optional()
      .nullable()
      .transform((v, ctx) => {
        if (!v?.trim()) return null;
        const postcode = normalisePostcode(v);
        if (!postcode) ctx.addIssue({ code: 'custom', message: POSTCODE_MESSAGE });
        return postcode ?? null;
      }),
    uprn: z
      .string()
      .trim()
      .optional()
      .nullable()
      .refine((v) => !v || /^\d{1,12}$/.test(v), UPRN_MESSAGE)
      .transform((v) => (v ? v.replace(/^0+(?=\d)/, '') : null)),
    preferredChannel: optionalText(30, 'Preferred channel'),
    preferredLanguage: optionalText(60, 'Preferred language'),
    safetyNote: optionalText(1000, 'Staff safety note'),
    notes: optionalText(MAX_NOTE, 'Notes').transform((v) => v ?? ''),
    emails: z
      .array(z.string())
      .max(MAX_EMAILS, `Enter up to ${MAX_EMAILS} email addresses`)
      .optional()
      .default([])
      .transform((list, ctx) => {
        const out: string[] = [];
        list.forEach((raw, i) => {
          const email = normaliseEmail(raw);
          if (!email) return;
          if (!isEmail(email)) ctx.addIssue({ code: 'custom', path: [i], message: EMAIL_MESSAGE });
          else if (!out.includes(email)) out.push(email);
        });
        return out;
      }),
    phones: z
      .array(z.string())
      .max(MAX_PHONES, `Enter up to ${MAX_PHONES} telephone numbers`)
      .optional()
      .default([])
      .transform((list, ctx) => {
        const out: PhoneNumber[] = [];
        list.forEach((raw, i) => {
          if (!raw.trim()) return;
          const phone = normalisePhone(raw);
          if (!phone) ctx.addIssue({ code: 'custom', path: [i], message: PHONE_MESSAGE });
          else if (!out.some((p) => p.number === phone.number)) out.push(phone);
        });
        return out;
      }),
    adjustments: z.array(adjustmentSchema).optional().default([]),
  })
  // Runs even when another field is wrong (`when`), so the user sees every mistake at once; the
  // value may then be partly unparsed, hence the guards.
  .superRefine(
    (c, ctx) => {
      if (c.kind === 'person' && !c.familyName) ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'Enter the customer’s last name' });
      if (c.kind === 'organisation' && !c.organisationName) ctx.addIssue({ code: 'custom', path: ['organisationName'], message: 'Enter the organisation’s name' });
      const seen = new Set<string>();
      for (const a of Array.isArray(c.adjustments) ? c.adjustments : []) {
        if (!(ADJUSTMENT_KINDS as readonly string[]).includes(a?.kind)) continue;
        const needs = ADJUSTMENT_DETAILS[a.kind];
        if (needs && !a.detail?.trim()) ctx.addIssue({ code: 'custom', path: ['adjustments', a.kind], message: needs.missing });
        if (seen.has(a.kind)) ctx.addIssue({ code: 'custom', path: ['adjustments', a.kind], message: `${ADJUSTMENT_NAMES[a.kind]} is listed twice` });
        seen.add(a.kind);
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((c) => ({
    ...c,
    // An organisation has no personal name parts, and a person no organisation name.
    ...(c.kind === 'organisation' ? { title: null, givenName: null, familyName: null } : { organisationName: null }),
  }));

/** What a service takes: the customer's details as typed. */
export type CustomerInput = z.input<typeof customerSchema>;
/** The details checked and normalised, ready to store. */
export type CustomerData = z.output<typeof customerSchema>;

/** Where each field's error points on the form. */
export const emailFieldId = (index: number): string => `email-${index + 1}`;
export const phoneFieldId = (index: number): string => `phone-${index + 1}`;
export const adjustmentDetailField = (kind: AdjustmentKind): string => `adjustmentDetail-${kind}`;

/** The form's field id for an issue path of `customerSchema`. */
export function customerFieldId(path: readonly PropertyKey[]): string {
  const [head, second] = path;
  if (head === 'emails' && typeof second === 'number') return emailFieldId(second);
  if (head === 'phones' && typeof second === 'number') return phoneFieldId(second);
  if (head === 'adjustments' && typeof second === 'string' && (ADJUSTMENT_KINDS as readonly string[]).includes(second)) return adjustmentDetailField(second as AdjustmentKind);
  if (head === 'emails') return emailFieldId(0);
  if (head === 'phones') return phoneFieldId(0);
  return head === undefined ? 'form' : String(head);
}

/** Issues as FormErrors keyed by field id (the first message per field), in the schema's order. */
export function customerFormErrors(error: z.ZodError): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: FormErrors['summary'] = [];
  for (const issue of error.issues) {
    const id = customerFieldId(issue.path);
    if (fields[id]) continue;
    fields[id] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${id}` });
  }
  return { summary, fields };
}

type FormBody = Record<string, string | string[] | undefined>;

const one = (body: FormBody, name: string): string => {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const many = (body: FormBody, name: string): string[] => {
  const value = body[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** The form's plain body as `CustomerInput` (the shape the schema and services take). */
export function customerInputFromForm(body: FormBody): CustomerInput {
  const ticked = many(body, 'adjustments').filter((k): k is AdjustmentKind => (ADJUSTMENT_KINDS as readonly string[]).includes(k));
  return {
    kind: one(body, 'kind') as CustomerKind,
    title: one(body, 'title'),
    givenName: one(body, 'givenName'),
    familyName: one(body, 'familyName'),
    organisationName: one(body, 'organisationName'),
    address: one(body, 'address'),
    postcode: one(body, 'postcode'),
    uprn: one(body, 'uprn'),
    preferredChannel: one(body, 'preferredChannel'),
    preferredLanguage: one(body, 'preferredLanguage'),
    safetyNote: one(body, 'safetyNote'),
    notes: one(body, 'notes'),
    emails: many(body, 'email'),
    phones: many(body, 'phone'),
    adjustments: [...new Set(ticked)].map((kind) => ({ kind, detail: one(body, adjustmentDetailField(kind)) })),
  };
}

/** The schema that reads the advisor's form (see the top of this file for the field names). */
export const customerFormSchema = z.preprocess((body) => customerInputFromForm((body ?? {}) as FormBody), customerSchema);

export type CustomerFormResult = { success: true; data: CustomerData } | { success: false; errors: FormErrors };

/** Reads and checks the advisor's form; errors point at the field ids described at the top. */
export function readCustomerForm(body: FormBody): CustomerFormResult {
  const parsed = customerFormSchema.safeParse(body);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, errors: customerFormErrors(parsed.error) };
}

/** A customer's details as the form's values, to fill the edit form (`email`/`phone` as lists). */
export function customerFormValues(customer: Customer): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    kind: customer.kind,
    title: customer.title ?? '',
    givenName: customer.givenName ?? '',
    familyName: customer.familyName ?? '',
    organisationName: customer.organisationName ?? '',
    address: customer.address ?? '',
    postcode: customer.postcode ?? '',
    uprn: customer.uprn ?? '',
    preferredChannel: customer.preferredChannel ?? '',
    preferredLanguage: customer.preferredLanguage ?? '',
    safetyNote: customer.safetyNote ?? '',
    notes: customer.notes,
    email: customer.emails.map((e) => e.email),
    phone: customer.phones.map((p) => p.display),
    adjustments: customer.adjustments.map((a) => a.kind),
  };
  for (const a of customer.adjustments) values[adjustmentDetailField(a.kind)] = a.detail;
  return values;
}
