// Form input -> validated value, or the errors in the shape the GOV.UK error summary and field
// macros take: a summary list linking to each field, and a message per field.
import type { z } from 'zod';
import type { InvalidInput } from '../errors.js';
import { findBadText, problemText, textProblem, withoutBadText } from './text-input.js';

export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Keeps the first message per field, in the order the fields appear in the schema's issues. */
export function toFormErrors(error: z.ZodError, fieldId: (path: string) => string = (p) => p): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: FormErrors['summary'] = [];
  for (const issue of error.issues) {
    const name = issue.path.length ? String(issue.path[0]) : 'form';
    if (fields[name]) continue;
    fields[name] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${fieldId(name)}` });
  }
  return { summary, fields };
}

export function formError(field: string, text: string): FormErrors {
  return { summary: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const parsed = schema.safeParse(body ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: toFormErrors(parsed.error) };
}

/** A urlencoded body as strings only: repeated keys are kept as arrays, anything else becomes ''. */
export function formBody(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') out[key] = value;
      else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    }
  }
  return out;
}

/** What a form page knows of one of its inputs, to name it in a message and link to it. */
export interface FormInput {
  /** The field the message shows on (a date's three boxes share one). */
  field: string;
  /** The id of the input the error summary links to. */
  id: string;
  /** Starts the sentence: "Name must not contain a null character". */
  subject: string;
  /** Takes several values (checkboxes); any other input posted twice is a mistake. */
  multiple?: boolean;
}

/**
 * A urlencoded or multipart body as formBody gives it, minus the text the database cannot store
 * (NUL, lone surrogates; see text-input.ts), with a message on each field that had some or that was
 * posted more than once where it takes one value. For a route with `ownTextCheck`, so it can show its
 * form again with what was typed; names `inputOf` does not know are cleaned and otherwise ignored.
 */
export function readFormBody(body: unknown, inputOf: (name: string) => FormInput | undefined): { body: Record<string, string | string[]>; errors?: FormErrors } {
  const out = formBody(body);
  const errors: FormErrors = { summary: [], fields: {} };
  const add = (input: FormInput, text: string) => {
    if (errors.fields[input.field]) return;
    errors.fields[input.field] = { text };
    errors.summary.push({ text, href: `#${input.id}` });
  };
  for (const [name, value] of Object.entries(out)) {
    // No input of ours has such a name: it is dropped rather than carried to the next step.
    if (textProblem(name)) {
      delete out[name];
      continue;
    }
    const input = inputOf(name);
    const bad = findBadText(value)[0];
    if (bad) out[name] = Array.isArray(value) ? value.map(withoutBadText) : withoutBadText(value);
    if (input && bad) add(input, `${input.subject} ${problemText(bad.problem)}`);
    if (input && Array.isArray(value) && !input.multiple) add(input, `${input.subject} must have only one answer`);
  }
  return errors.summary.length ? { body: out, errors } : { body: out };
}

/** A service's InvalidInput as form errors; fieldId maps a field name to its input's id. */
export function invalidInputErrors(error: InvalidInput, fieldId: (field: string) => string = (f) => f): FormErrors {
  const fields: FormErrors['fields'] = {};
  for (const issue of error.issues) fields[issue.field] ??= { text: issue.message };
  return { summary: error.issues.map((i) => ({ text: i.message, href: `#${fieldId(i.field)}` })), fields };
}

/**
 * The errors of several parts of a form, in the order given (the order of the page). A field, or an
 * input linked to, named by more than one part keeps the first part's message only.
 */
export function mergeErrors(...parts: (FormErrors | undefined)[]): FormErrors | undefined {
  const present = parts.filter((p): p is FormErrors => p !== undefined && p.summary.length > 0);
  if (!present.length) return undefined;
  const links = new Set<string>();
  const summary = present.flatMap((p) => p.summary).filter((item) => !links.has(item.href) && links.add(item.href));
  return { summary, fields: Object.assign({}, ...present.map((p) => p.fields).reverse()) as FormErrors['fields'] };
}
