// The administrator's request-type form edits fields as numbered rows of plain inputs
// (fields-0-code, fields-0-label, ...), so it works without JavaScript: "Add another field" posts
// the form back with one more row. These turn rows into field definitions and back.
import type { FieldDefinition } from './fields/model.js';

export const FIELD_ROW_PROPS = ['code', 'label', 'type', 'required', 'hint', 'options'] as const;
type RowProp = (typeof FIELD_ROW_PROPS)[number];
export type FieldRow = Record<RowProp, string>;

/** "General waste" -> "general_waste": option values residents never see, stable for reports. */
export function optionValue(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'option';
}

function rowAt(body: Record<string, string | string[]>, index: number): FieldRow {
  const get = (prop: RowProp) => {
    const value = body[`fields-${index}-${prop}`];
    return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
  };
  return Object.fromEntries(FIELD_ROW_PROPS.map((p) => [p, get(p)])) as FieldRow;
}

const isBlank = (row: FieldRow) => !row.code && !row.label && !row.hint && !row.options;

function toDefinition(row: FieldRow, order: number): Record<string, unknown> {
  const options = row.options
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((label) => ({ value: optionValue(label), label }));
  return {
    code: row.code,
    label: row.label,
    type: row.type,
    required: row.required === 'yes',
    ...(row.hint ? { hint: row.hint } : {}),
    ...(options.length ? { options } : {}),
    order,
  };
}

/** Definitions from the non-blank rows, and where each came from so errors point at the right row. */
export function fieldRowsFromForm(body: Record<string, string | string[]>): { definitions: Record<string, unknown>[]; formIndexOf: (definitionIndex: number) => number } {
  const count = Math.min(Math.max(Number(body.fieldCount) || 0, 0), 60);
  const used: number[] = [];
  const definitions: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const row = rowAt(body, i);
    if (isBlank(row)) continue;
    used.push(i);
    definitions.push(toDefinition(row, definitions.length + 1));
  }
  return { definitions, formIndexOf: (d) => used[d] ?? 0 };
}

export function fieldRowsToForm(fields: readonly FieldDefinition[], blankRows: number): FieldRow[] {
  const rows = [...fields]
    .sort((a, b) => a.order - b.order)
    .map((f) => ({
      code: f.code,
      label: f.label,
      type: f.type,
      required: f.required ? 'yes' : '',
      hint: f.hint ?? '',
      options: (f.options ?? []).map((o) => o.label).join('\n'),
    }));
  const blank: FieldRow = { code: '', label: '', type: 'text', required: 'yes', hint: '', options: '' };
  return [...rows, ...Array.from({ length: blankRows }, () => ({ ...blank }))];
}
