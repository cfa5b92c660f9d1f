// A request type's form fields, as an administrator defines them. One list of definitions drives
// the resident e-form, the advisor form and the Open311 service definition's attributes, so the
// rules here are the only place a field's shape is checked.
import { z } from 'zod';
import type { FormErrors } from '../../../platform/web/forms.js';
import { cleanLabel } from './wording.js';

export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'date',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'location',
  'attachment',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_NAMES: Record<FieldType, string> = {
  text: 'Short text',
  long_text: 'Long text',
  number: 'Number',
  date: 'Date',
  single_choice: 'Single choice (radios)',
  multiple_choice: 'Multiple choice (checkboxes)',
  yes_no: 'Yes or no',
  location: 'Location',
  attachment: 'Attachment (photo or document)',
};

export const CHOICE_TYPES: readonly FieldType[] = ['single_choice', 'multiple_choice'];
export const TEXT_TYPES: readonly FieldType[] = ['text', 'long_text'];

export const DATE_RULES = ['past', 'future', 'any'] as const;
export type DateRule = (typeof DATE_RULES)[number];

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldDefinition {
  /** Stable, [a-z][a-z0-9_]{0,39}: the form field name, the input id and the Open311 attribute code. */
  code: string;
  label: string;
  type: FieldType;
  required: boolean;
  hint?: string;
  /** single_choice and multiple_choice only, at least 2. */
  options?: FieldOption[];
  /** text and long_text only; without it, DEFAULT_MAX_LENGTH applies. */
  maxLength?: number;
  /** number only. */
  min?: number;
  max?: number;
  /** number only: true allows decimals (inputmode "decimal"); otherwise whole numbers only. */
  decimals?: boolean;
  /** date only; absent means 'any'. */
  dateRule?: DateRule;
  order: number;
}

/** Stored answers need a bound even when the administrator sets none. */
export const DEFAULT_MAX_LENGTH = { text: 500, long_text: 5000 } as const;
export const MAX_FIELDS = 50;
export const MAX_OPTIONS = 50;
export const MAX_LENGTH_LIMIT = 10_000;

export const FIELD_CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/**
 * Codes become element ids on pages that also carry the layout's own ids; a code cannot contain a
 * hyphen, so only hyphen-free layout ids can clash.
 */
// 'navigation' is an id in the layout; 'action' is the name of the e-form's buttons.
export const RESERVED_FIELD_CODES: readonly string[] = ['navigation', 'action'];

/** The admin form's input id for a property of the definition at `index`, e.g. `fields-2-code`. */
export function fieldErrorId(index: number, prop: string, ...rest: (string | number)[]): string {
  return ['fields', index, prop, ...rest].join('-');
}

/** Stable by `order`; definitions with the same order keep their list order. */
export function sortFields<F extends Pick<FieldDefinition, 'order'>>(fields: readonly F[]): F[] {
  return [...fields].sort((a, b) => a.order - b.order);
}

// Admin forms post strings; the JSON API posts numbers and booleans. Both are accepted.
const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const numberish = (v: unknown): unknown => {
  const b = blankToUndefined(v);
  return typeof b === 'string' ? Number(b.trim().replace(/,/g, '')) : b;
};
const booleanish = (v: unknown): unknown => {
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  return v;
};

const optionalText = (max: number, subject: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${subject} must be text` })
      .trim()
      .max(max, `${subject} must be ${max} characters or fewer`)
      .optional(),
  );

const optionalNumber = (subject: string) =>
  z.preprocess(numberish, z.number({ error: `${subject} must be a number` }).optional());

const optionalCount = (subject: string, max: number) =>
  z.preprocess(
    numberish,
    z
      .int({ error: `${subject} must be a whole number` })
      .min(1, `${subject} must be 1 or more`)
      .max(max, `${subject} must be ${max.toLocaleString('en-GB')} or fewer`)
      .optional(),
  );

// `name` is "field 3" so that each message in a summary of many says which field it is about.
const optionSchema = (name: string, n: number) =>
  z.object({
    value: z
      .string({ error: `Enter a value for option ${n} of ${name}` })
      .trim()
      .min(1, `Enter a value for option ${n} of ${name}`)
      .max(100, `Value of option ${n} of ${name} must be 100 characters or fewer`),
    label: z
      .string({ error: `Enter a label for option ${n} of ${name}` })
      .trim()
      .min(1, `Enter a label for option ${n} of ${name}`)
      .max(200, `Label of option ${n} of ${name} must be 200 characters or fewer`),
  });

const optionsSchema = (name: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) && v.length === 0 ? undefined : v),
    z
      .array(z.unknown(), { error: `Options of ${name} must be a list` })
      .max(MAX_OPTIONS, `${name.charAt(0).toUpperCase()}${name.slice(1)} can have up to ${MAX_OPTIONS} options`)
      .transform((entries, ctx) => {
        const out: { option: FieldOption; index: number }[] = [];
        entries.forEach((entry, j) => {
          const parsed = optionSchema(name, j + 1).safeParse(entry);
          if (parsed.success) out.push({ option: parsed.data, index: j });
          else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [j, ...issue.path] });
        });
        for (const issue of duplicateOptionIssues(out, name)) ctx.addIssue({ code: 'custom', ...issue });
        return out.map((o) => o.option);
      })
      .optional(),
  );

// Each property's schema on its own, so one bad property does not hide the others' messages.
const definitionProps = (name: string) => ({
  code: z
    .string({ error: `Enter a code for ${name}` })
    .trim()
    .min(1, `Enter a code for ${name}`)
    .regex(
      FIELD_CODE_PATTERN,
      `Code for ${name} must start with a lowercase letter and use only lowercase letters, numbers and underscores, up to 40 characters, like bin_type`,
    )
    .refine((c) => !RESERVED_FIELD_CODES.includes(c), `Code for ${name} cannot be ${RESERVED_FIELD_CODES.join(' or ')}: choose another`),
  label: z
    .string({ error: `Enter a label for ${name}` })
    .trim()
    .min(1, `Enter a label for ${name}`)
    .max(200, `Label for ${name} must be 200 characters or fewer`)
    // The form adds "(optional)" itself, from `required`.
    .transform(cleanLabel)
    .refine((l) => l !== '', `Enter a label for ${name}`),
  type: z.enum(FIELD_TYPES, { error: `Select the type of ${name}` }),
  required: z.preprocess(booleanish, z.boolean({ error: `Select whether ${name} must be answered` })),
  hint: optionalText(500, `Hint for ${name}`),
  order: z.preprocess(numberish, z.int({ error: `Order of ${name} must be a whole number` })),
  options: optionsSchema(name),
  maxLength: optionalCount(`Maximum length of ${name}`, MAX_LENGTH_LIMIT),
  min: optionalNumber(`Minimum for ${name}`),
  max: optionalNumber(`Maximum for ${name}`),
  decimals: z.preprocess((v) => booleanish(blankToUndefined(v)), z.boolean({ error: `Select whether ${name} allows decimals` }).optional()),
  dateRule: z.preprocess(blankToUndefined, z.enum(DATE_RULES, { error: `Select which dates ${name} accepts` }).optional()),
});

type Props = ReturnType<typeof definitionProps>;
const PROP_ORDER = Object.keys(definitionProps('')) as (keyof Props)[];
type Definition = { [K in keyof Props]: z.output<Props[K]> };
type Issue = { message: string; path: (string | number)[] };

// Type-specific properties are only checked for their types: a form that hides them still posts them.
const APPLIES_TO: Partial<Record<keyof Props, readonly FieldType[]>> = {
  options: CHOICE_TYPES,
  maxLength: TEXT_TYPES,
  min: ['number'],
  max: ['number'],
  decimals: ['number'],
  dateRule: ['date'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One entry: every property's issues, then the rules between properties that parsed. */
function checkDefinition(entry: unknown, name: string): { definition?: FieldDefinition; code?: string; issues: Issue[] } {
  if (!isRecord(entry)) return { issues: [{ message: `Enter the details of ${name}`, path: ['label'] }] };
  const props = definitionProps(name);
  const type = props.type.safeParse(entry.type);
  const parsed: Partial<Record<keyof Props, unknown>> = {};
  const failed = new Set<keyof Props>();
  const issues: Issue[] = [];
  for (const key of Object.keys(props) as (keyof Props)[]) {
    const appliesTo = APPLIES_TO[key];
    if (appliesTo && !(type.success && appliesTo.includes(type.data))) continue;
    const result = props[key].safeParse(entry[key]);
    if (result.success) parsed[key] = result.data;
    else {
      failed.add(key);
      for (const issue of result.error.issues) issues.push({ message: issue.message, path: [key, ...(issue.path as (string | number)[])] });
    }
  }
  const definition = parsed as Definition;
  issues.push(...crossFieldIssues(definition, failed, name));
  const code = failed.has('code') ? undefined : definition.code;
  return issues.length ? { code, issues } : { definition: normalise(definition), code, issues };
}

/** Rules between properties, skipped where a property they compare already has its own message. */
function crossFieldIssues(d: Partial<Definition>, failed: Set<keyof Props>, name: string): Issue[] {
  const issues: Issue[] = [];
  if (d.type && CHOICE_TYPES.includes(d.type) && !failed.has('options')) {
    const options = d.options ?? [];
    if (options.length < 2) issues.push({ message: `Add at least 2 options for ${name}`, path: ['options'] });
  }
  if (d.min !== undefined && d.max !== undefined && d.min > d.max) {
    issues.push({ message: `Maximum for ${name} must be the same as or more than the minimum`, path: ['max'] });
  }
  return issues;
}

/** Options that parsed, with their places in the list, checked against each other. */
function duplicateOptionIssues(options: { option: FieldOption; index: number }[], name: string): Issue[] {
  const issues: Issue[] = [];
  for (const prop of ['value', 'label'] as const) {
    const seen = new Set<string>();
    for (const { option, index } of options) {
      const key = option[prop].toLowerCase();
      if (seen.has(key)) {
        issues.push({ message: `Option ${prop} ${option[prop]} is used twice in ${name}: each option needs its own ${prop}`, path: [index, prop] });
      }
      seen.add(key);
    }
  }
  return issues;
}

/** Drops properties the type does not use, and absent optional ones, for a tidy stored form. */
function normalise(d: Definition): FieldDefinition {
  const out: FieldDefinition = { code: d.code, label: d.label, type: d.type, required: d.required, order: d.order };
  if (d.hint !== undefined) out.hint = d.hint;
  if (CHOICE_TYPES.includes(d.type)) out.options = d.options ?? [];
  if (d.maxLength !== undefined) out.maxLength = d.maxLength;
  if (d.min !== undefined) out.min = d.min;
  if (d.max !== undefined) out.max = d.max;
  if (d.decimals) out.decimals = true;
  if (d.dateRule !== undefined) out.dateRule = d.dateRule;
  return out;
}

/** Codes that parsed, checked across the list, so a duplicate is reported even beside other mistakes. */
function duplicateCodeIssues(codes: (string | undefined)[]): Issue[] {
  const counts = new Map<string, number>();
  for (const code of codes) if (code !== undefined) counts.set(code, (counts.get(code) ?? 0) + 1);
  const seen = new Set<string>();
  const issues: Issue[] = [];
  codes.forEach((code, i) => {
    if (code === undefined) return;
    if (seen.has(code)) {
      const times = counts.get(code) === 2 ? 'twice' : `${counts.get(code)} times`;
      issues.push({ message: `Field code ${code} is used ${times}: each field needs its own code`, path: [i, 'code'] });
    }
    seen.add(code);
  });
  return issues;
}

/**
 * A request type's list of field definitions. Each entry is checked on its own (messages name it
 * "field N", its position from 1), then codes are checked across the list. Issue paths are
 * `[index, prop, ...]`, so under a `fields` key they read `['fields', 2, 'code']`.
 */
export const fieldDefinitionsSchema = z
  .array(z.unknown(), { error: 'Fields must be a list' })
  .max(MAX_FIELDS, `A request type can have up to ${MAX_FIELDS} fields`)
  .transform((entries, ctx): FieldDefinition[] => {
    const checked = entries.map((entry, i) => checkDefinition(entry, `field ${i + 1}`));
    const issues = checked.flatMap((c, i) => c.issues.map((issue) => ({ ...issue, path: [i, ...issue.path] })));
    issues.push(...duplicateCodeIssues(checked.map((c) => c.code)));
    // In the order of the admin form, so the error summary reads down the page.
    const rank = (issue: Issue) => PROP_ORDER.indexOf(String(issue.path[1]) as keyof Props);
    issues.sort((a, b) => Number(a.path[0]) - Number(b.path[0]) || rank(a) - rank(b));
    for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return checked.flatMap((c) => (c.definition ? [c.definition] : []));
  });

/** Issues of a schema holding `fields` as form errors whose hrefs are the admin form's input ids. */
export function fieldDefinitionErrors(error: z.ZodError): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: FormErrors['summary'] = [];
  for (const issue of error.issues) {
    const id = issue.path.length ? issue.path.map(String).join('-') : 'fields';
    if (fields[id]) continue;
    fields[id] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${id}` });
  }
  return { summary, fields };
}

const standalone = z.object({ fields: fieldDefinitionsSchema });

/** Checks a list of definitions on its own, e.g. from the JSON API or an import. */
export function parseFieldDefinitions(
  fields: unknown,
): { ok: true; fields: FieldDefinition[] } | { ok: false; errors: FormErrors; issues: z.core.$ZodIssue[] } {
  const parsed = standalone.safeParse({ fields });
  if (parsed.success) return { ok: true, fields: parsed.data.fields };
  return { ok: false, errors: fieldDefinitionErrors(parsed.error), issues: parsed.error.issues };
}
