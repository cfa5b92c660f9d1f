// Option values of choice fields are identifiers: Open311 clients, the JSON API and stored answers
// hold them. A new version of a request type may rename an option's label freely, but an option
// value that disappears needs its open cases' answers moved somewhere (the administrator's
// "map to"). These find what a change removes and check the mappings; pure.
import { z } from 'zod';
import { CHOICE_TYPES, type FieldDefinition, type FieldOption } from './fields/model.js';

/** Field code -> removed option value -> the value its open answers move to. */
export type OptionMappings = Record<string, Record<string, string>>;

export interface RemovedOption {
  /** Where the field is in the new list of fields (for a field-level error). */
  fieldIndex: number;
  field: FieldDefinition;
  option: FieldOption;
}

const isChoice = (f: FieldDefinition | undefined): f is FieldDefinition => !!f && CHOICE_TYPES.includes(f.type);

/**
 * Options of choice fields that stay choice fields (same code) whose values the new fields no
 * longer offer. A field removed or turned into another type keeps its answers as they are: the
 * cases' own version still describes them.
 */
export function removedOptions(before: readonly FieldDefinition[], after: readonly FieldDefinition[]): RemovedOption[] {
  return after.flatMap((field, fieldIndex) => {
    const old = before.find((f) => f.code === field.code);
    if (!isChoice(field) || !isChoice(old)) return [];
    const kept = new Set((field.options ?? []).map((o) => o.value));
    return (old.options ?? []).filter((o) => !kept.has(o.value)).map((option) => ({ fieldIndex, field, option }));
  });
}

/** The JSON API's `optionMappings`: `{ "where_on_road": { "kerb": "pavement" } }`. */
export const optionMappingsSchema = z
  .record(z.string(), z.record(z.string(), z.string({ error: 'Give the value the answers move to, as text' }), { error: 'Give each field’s mappings as an object of old value to new value' }), {
    error: 'Send optionMappings as an object: field code to { old value: new value }',
  })
  .optional()
  .transform((m): OptionMappings => m ?? {});
