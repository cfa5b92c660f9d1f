// Form input -> validated value, or the errors in the shape the GOV.UK error summary and field
// macros take: a summary list linking to each field, and a message per field.
import type { z } from 'zod';
import type { InvalidInput } from '../errors.js';

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

/** A service's InvalidInput as form errors; fieldId maps a field name to its input's id. */
export function invalidInputErrors(error: InvalidInput, fieldId: (field: string) => string = (f) => f): FormErrors {
  const fields: FormErrors['fields'] = {};
  for (const issue of error.issues) fields[issue.field] ??= { text: issue.message };
  return { summary: error.issues.map((i) => ({ text: i.message, href: `#${fieldId(i.field)}` })), fields };
}

/** The errors of several parts of a form, in the order given (the order of the page). */
export function mergeErrors(...parts: (FormErrors | undefined)[]): FormErrors | undefined {
  const present = parts.filter((p): p is FormErrors => p !== undefined && p.summary.length > 0);
  if (!present.length) return undefined;
  return { summary: present.flatMap((p) => p.summary), fields: Object.assign({}, ...present.map((p) => p.fields)) as FormErrors['fields'] };
}
