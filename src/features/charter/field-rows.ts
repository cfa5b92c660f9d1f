// The administrator's request-type form edits fields as numbered rows of plain inputs
// (fields-0-code, fields-0-label, ...), so it works without JavaScript: "Add another field" posts
// the form back with one more row. These turn rows into field definitions and back.
//
// A choice field's options that exist already are inputs of their own, each carrying its value
// (fields-0-options-2-value, hidden) beside its label (fields-0-options-2-label): option values are
// identifiers that client systems and stored answers hold, so renaming a label keeps the value and
// clearing a label removes the option. New options are typed one per line (fields-0-options); each
// gets a value made once from its label, and keeps it from then on.
import { MAX_OPTIONS, type FieldDefinition, type FieldOption } from './fields/model.js';
import type { OptionMappings } from './option-values.js';

export const FIELD_ROW_PROPS = ['code', 'label', 'type', 'required', 'hint', 'options'] as const;
type RowProp = (typeof FIELD_ROW_PROPS)[number];

/** An option the field had when the form was opened. */
export interface OptionRow {
  value: string;
  /** Blank when the administrator removes the option. */
  label: string;
  /** For a removed option: the value its open cases' answers move to. */
  mapTo: string;
  /** For a removed option, on a form shown again: what it was called and where its answers may go. */
  removed?: { label: string; targets: { value: string; text: string; selected: boolean }[] };
}

/** `options` holds the new options' labels, one a line; `existing` the options already there. */
export type FieldRow = Record<RowProp, string> & { existing: OptionRow[] };

type Body = Record<string, string | string[]>;

/** "General waste" -> "general_waste": option values residents never see, made once for a new option. */
export function optionValue(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'option';
}

const MAX_ROWS = 60;
const count = (value: unknown, max: number) => Math.min(Math.max(Number(value) || 0, 0), max);
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

function rowAt(body: Body, index: number): FieldRow {
  const get = (name: string) => first(body[`fields-${index}-${name}`]).trim();
  const existing = Array.from({ length: count(body[`fields-${index}-optionCount`], MAX_OPTIONS) }, (_, j) => ({
    value: get(`options-${j}-value`),
    label: get(`options-${j}-label`),
    mapTo: get(`options-${j}-mapTo`),
  }));
  return { ...(Object.fromEntries(FIELD_ROW_PROPS.map((p) => [p, get(p)])) as Record<RowProp, string>), existing };
}

function rowsOf(body: Body): FieldRow[] {
  return Array.from({ length: count(body.fieldCount, MAX_ROWS) }, (_, i) => rowAt(body, i));
}

// Options already there do not count: clearing a field's question and code removes it.
const isBlank = (row: FieldRow) => !row.code && !row.label && !row.hint && !row.options;

const sameLabel = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The row's options: those already there keep their values; a new one takes the value the field
 * had for the same label (an option removed and typed again, or a form that posts labels only),
 * otherwise one made from its label that no other option has.
 */
function rowOptions(row: FieldRow, previous: FieldDefinition | undefined): FieldOption[] {
  const kept = row.existing.filter((o) => o.label).map((o) => ({ value: o.value || optionValue(o.label), label: o.label }));
  const taken = new Set(kept.map((o) => o.value));
  const added = row.options
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((label) => {
      const before = previous?.options?.find((o) => sameLabel(o.label, label) && !taken.has(o.value));
      let value = before?.value ?? optionValue(label);
      for (let n = 2; !before && taken.has(value); n++) value = `${optionValue(label).slice(0, 56)}_${n}`;
      taken.add(value);
      return { value, label };
    });
  return [...kept, ...added];
}

function toDefinition(row: FieldRow, order: number, previous: FieldDefinition | undefined): Record<string, unknown> {
  const options = rowOptions(row, previous);
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

const previousOf = (previous: readonly FieldDefinition[], row: FieldRow) => previous.find((f) => f.code === row.code);

/** Where a removed option's mapping is asked for: its "map to" select. */
const mapToId = (i: number, j: number) => `fields-${i}-options-${j}-mapTo`;

export interface FormFields {
  definitions: Record<string, unknown>[];
  /** Removed options' "map to" choices, by field code and old value. */
  mappings: OptionMappings;
  /** The form input an issue's path (`['fields', 2, 'options', 1, 'label']`) is about. */
  inputId: (path: readonly PropertyKey[]) => string;
  /** The input for a problem with a field's option value (the removed option's "map to"). */
  optionInputId: (fieldCode: string, value: string) => string;
}

/**
 * Definitions from the non-blank rows, the mappings asked for, and where each came from so
 * errors point at the right input. `previous` is the version being changed (none for a new type).
 */
export function fieldRowsFromForm(body: Body, previous: readonly FieldDefinition[] = []): FormFields {
  const rows = rowsOf(body);
  const used: number[] = [];
  const definitions: Record<string, unknown>[] = [];
  const mappings: OptionMappings = {};
  rows.forEach((row, i) => {
    if (isBlank(row)) return;
    used.push(i);
    definitions.push(toDefinition(row, definitions.length + 1, previousOf(previous, row)));
    for (const o of row.existing) if (!o.label && o.value && o.mapTo) (mappings[row.code] ??= {})[o.value] = o.mapTo;
  });
  const inputId = (path: readonly PropertyKey[]): string => {
    if (typeof path[1] !== 'number') return 'fields-0-label';
    const i = used[path[1]] ?? 0;
    const prop = FIELD_ROW_PROPS.includes(String(path[2]) as RowProp) ? String(path[2]) : 'label';
    if (prop !== 'options' || typeof path[3] !== 'number') return `fields-${i}-${prop}`;
    // Options already there come first in the definition, in the order of their inputs.
    const keptAt = rows[i]!.existing.flatMap((o, j) => (o.label ? [j] : []));
    const j = keptAt[path[3]];
    return j === undefined ? `fields-${i}-options` : `fields-${i}-options-${j}-label`;
  };
  const optionInputId = (fieldCode: string, value: string): string => {
    const i = rows.findIndex((r, n) => used.includes(n) && r.code === fieldCode);
    const j = i < 0 ? -1 : rows[i]!.existing.findIndex((o) => o.value === value);
    if (j >= 0) return rows[i]!.existing[j]!.label ? `fields-${i}-options-${j}-label` : mapToId(i, j);
    return i < 0 ? 'fields' : `fields-${i}-options`;
  };
  return { definitions, mappings, inputId, optionInputId };
}

/** The rows as they were posted, to show them again; a removed option offers where its answers may go. */
export function fieldRowsAsPosted(body: Body, previous: readonly FieldDefinition[] = []): FieldRow[] {
  return rowsOf(body).map((row) => {
    const before = previousOf(previous, row);
    const targets = rowOptions(row, before);
    const existing = row.existing.map((o): OptionRow => {
      if (o.label || !o.value) return o;
      const label = before?.options?.find((p) => p.value === o.value)?.label ?? o.value;
      const items = [{ value: '', text: 'Choose an option', selected: !o.mapTo }, ...targets.map((t) => ({ value: t.value, text: t.label, selected: t.value === o.mapTo }))];
      return { ...o, removed: { label, targets: items } };
    });
    return { ...row, existing };
  });
}

export function fieldRowsToForm(fields: readonly FieldDefinition[], blankRows: number): FieldRow[] {
  const rows = [...fields]
    .sort((a, b) => a.order - b.order)
    .map((f): FieldRow => ({
      code: f.code,
      label: f.label,
      type: f.type,
      required: f.required ? 'yes' : '',
      hint: f.hint ?? '',
      options: '',
      existing: (f.options ?? []).map((o) => ({ value: o.value, label: o.label, mapTo: '' })),
    }));
  const blank = (): FieldRow => ({ code: '', label: '', type: 'text', required: 'yes', hint: '', options: '', existing: [] });
  return [...rows, ...Array.from({ length: blankRows }, blank)];
}
