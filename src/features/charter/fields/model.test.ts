import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  FIELD_TYPES,
  FIELD_TYPE_NAMES,
  fieldDefinitionErrors,
  fieldDefinitionsSchema,
  fieldErrorId,
  parseFieldDefinitions,
  sortFields,
  type FieldDefinition,
} from './model.js';

const binType = {
  code: 'bin_type',
  label: 'Type of bin',
  type: 'single_choice',
  required: true,
  options: [
    { value: 'general', label: 'General waste' },
    { value: 'recycling', label: 'Recycling' },
  ],
  order: 1,
};
const missedOn = { code: 'missed_on', label: 'Date the bin was missed', type: 'date', required: true, dateRule: 'past', order: 2 };
const notes = { code: 'notes', label: 'Anything else', type: 'long_text', required: false, maxLength: 500, order: 3 };

/** Issues as `path -> message`, the way a page would see them. */
function issuesOf(fields: unknown): Record<string, string> {
  const result = parseFieldDefinitions(fields);
  if (result.ok) return {};
  return Object.fromEntries(result.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('FIELD_TYPES', () => {
  it('has a display name for every type', () => {
    for (const type of FIELD_TYPES) expect(FIELD_TYPE_NAMES[type]).toMatch(/\w/);
  });
});

describe('fieldDefinitionsSchema', () => {
  it('accepts a valid list and keeps its order', () => {
    const result = parseFieldDefinitions([binType, missedOn, notes]);
    expect(result.ok && result.fields.map((f) => f.code)).toEqual(['bin_type', 'missed_on', 'notes']);
  });

  it('embeds under a `fields` key with paths like [fields, index, code]', () => {
    const schema = z.object({ name: z.string(), fields: fieldDefinitionsSchema });
    const result = schema.safeParse({ name: 'Report a missed bin', fields: [binType, { ...missedOn, code: 'bin_type' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['fields', 1, 'code'], message: 'Field code bin_type is used twice: each field needs its own code' }),
    ]);
  });

  it('rejects a duplicate code on the later entry, even when that entry has other mistakes', () => {
    expect(issuesOf([binType, notes, { ...missedOn, code: 'bin_type', label: '' }])).toEqual({
      'fields.2.code': 'Field code bin_type is used twice: each field needs its own code',
      'fields.2.label': 'Enter a label for field 3',
    });
  });

  it('says how many times a code is used when it is more than twice', () => {
    const issues = issuesOf([notes, { ...notes, order: 4 }, { ...notes, order: 5 }]);
    expect(issues['fields.1.code']).toBe('Field code notes is used 3 times: each field needs its own code');
    expect(issues['fields.2.code']).toBe('Field code notes is used 3 times: each field needs its own code');
  });

  it('requires at least 2 options for choice types', () => {
    expect(issuesOf([{ ...binType, options: undefined }])).toEqual({ 'fields.0.options': 'Add at least 2 options for field 1' });
    expect(issuesOf([{ ...binType, type: 'multiple_choice', options: [{ value: 'a', label: 'A' }] }])).toEqual({
      'fields.0.options': 'Add at least 2 options for field 1',
    });
  });

  it('rejects duplicate option values and labels, and blank options', () => {
    const options = [
      { value: 'general', label: 'General waste' },
      { value: 'general', label: 'Garden waste' },
      { value: 'food', label: 'general waste' },
      { value: '', label: ' ' },
    ];
    expect(issuesOf([{ ...binType, options }])).toEqual({
      'fields.0.options.1.value': 'Option value general is used twice in field 1: each option needs its own value',
      'fields.0.options.2.label': 'Option label general waste is used twice in field 1: each option needs its own label',
      'fields.0.options.3.value': 'Enter a value for option 4 of field 1',
      'fields.0.options.3.label': 'Enter a label for option 4 of field 1',
    });
  });

  it('drops properties a type does not use, without checking them', () => {
    const result = parseFieldDefinitions([{ ...notes, type: 'text', options: [{ value: '', label: '' }], min: 'x', dateRule: 'soon' }]);
    expect(result.ok && result.fields[0]).toEqual({ code: 'notes', label: 'Anything else', type: 'text', required: false, maxLength: 500, order: 3 });
  });

  it('checks min ≤ max for numbers', () => {
    const bags = { code: 'bags', label: 'Number of bags', type: 'number', required: true, min: 5, max: 1, order: 1 };
    expect(issuesOf([bags])).toEqual({ 'fields.0.max': 'Maximum for field 1 must be the same as or more than the minimum' });
    expect(parseFieldDefinitions([{ ...bags, min: 1, max: 1 }]).ok).toBe(true);
  });

  it('reports every property in error at once', () => {
    expect(issuesOf([{ code: '1st', label: '  ', type: 'colour', required: 'maybe', order: 1.5 }])).toEqual({
      'fields.0.code':
        'Code for field 1 must start with a lowercase letter and use only lowercase letters, numbers and underscores, up to 40 characters, like bin_type',
      'fields.0.label': 'Enter a label for field 1',
      'fields.0.type': 'Select the type of field 1',
      'fields.0.required': 'Select whether field 1 must be answered',
      'fields.0.order': 'Order of field 1 must be a whole number',
    });
  });

  it('rejects codes that are too long, have capitals or hyphens, or are reserved', () => {
    for (const code of ['a'.repeat(41), 'Bin_type', 'bin-type', '_x', 'navigation']) {
      expect(Object.keys(issuesOf([{ ...notes, code }]))).toEqual(['fields.0.code']);
    }
    expect(parseFieldDefinitions([{ ...notes, code: 'a'.repeat(40) }]).ok).toBe(true);
  });

  it('rejects a bad date rule, max length and hint', () => {
    expect(issuesOf([{ ...missedOn, dateRule: 'soon' }])).toEqual({ 'fields.0.dateRule': 'Select which dates field 1 accepts' });
    expect(issuesOf([{ ...notes, maxLength: 0 }])).toEqual({ 'fields.0.maxLength': 'Maximum length of field 1 must be 1 or more' });
    expect(issuesOf([{ ...notes, hint: 'h'.repeat(501) }])).toEqual({ 'fields.0.hint': 'Hint for field 1 must be 500 characters or fewer' });
    const options = Array.from({ length: 51 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    expect(issuesOf([{ ...binType, options }])).toEqual({ 'fields.0.options': 'Field 1 can have up to 50 options' });
    expect(issuesOf([{ ...binType, type: 'number', min: 'lots' }])).toEqual({ 'fields.0.min': 'Minimum for field 1 must be a number' });
  });

  it('accepts the strings an admin form posts', () => {
    const posted = { code: 'bags', label: 'Number of bags (optional)', type: 'number', required: 'no', min: '1', max: '1,000', decimals: '', hint: '', order: '2' };
    const result = parseFieldDefinitions([posted]);
    expect(result.ok && result.fields[0]).toEqual({ code: 'bags', label: 'Number of bags', type: 'number', required: false, min: 1, max: 1000, order: 2 });
  });

  it('rejects entries that are not objects, lists that are not lists, and too many fields', () => {
    expect(issuesOf(['text'])).toEqual({ 'fields.0.label': 'Enter the details of field 1' });
    expect(issuesOf('text')).toEqual({ fields: 'Fields must be a list' });
    const many = Array.from({ length: 51 }, (_, i) => ({ ...notes, code: `f${i}` }));
    expect(issuesOf(many)).toEqual({ fields: 'A request type can have up to 50 fields' });
  });

  it('lists issues in field order', () => {
    const result = parseFieldDefinitions([binType, { ...notes, label: '' }, { ...missedOn, code: 'bin_type' }, { ...notes, code: 'x', type: '' }]);
    expect(result.ok ? [] : result.errors.summary.map((s) => s.href)).toEqual(['#fields-1-label', '#fields-2-code', '#fields-3-type']);
  });
});

describe('fieldErrorId and fieldDefinitionErrors', () => {
  it('names the admin form inputs', () => {
    expect(fieldErrorId(2, 'code')).toBe('fields-2-code');
    expect(fieldErrorId(0, 'options', 1, 'value')).toBe('fields-0-options-1-value');
  });

  it('link each message to the input fieldErrorId names', () => {
    const result = parseFieldDefinitions([binType, { ...binType, options: [] }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      summary: [
        { text: 'Field code bin_type is used twice: each field needs its own code', href: `#${fieldErrorId(1, 'code')}` },
        { text: 'Add at least 2 options for field 2', href: `#${fieldErrorId(1, 'options')}` },
      ],
      fields: {
        'fields-1-code': { text: 'Field code bin_type is used twice: each field needs its own code' },
        'fields-1-options': { text: 'Add at least 2 options for field 2' },
      },
    });
    const schema = z.object({ fields: fieldDefinitionsSchema });
    const parsed = schema.safeParse({ fields: [{ ...notes, code: '' }] });
    expect(parsed.success ? undefined : fieldDefinitionErrors(parsed.error).summary).toEqual([{ text: 'Enter a code for field 1', href: '#fields-0-code' }]);
  });
});

describe('sortFields', () => {
  it('sorts by order and keeps list order for ties, without changing the input', () => {
    const fields = [
      { code: 'c', order: 3 },
      { code: 'a', order: 1 },
      { code: 'b2', order: 2 },
      { code: 'b1', order: 2 },
    ] as FieldDefinition[];
    expect(sortFields(fields).map((f) => f.code)).toEqual(['a', 'b2', 'b1', 'c']);
    expect(fields[0]?.code).toBe('c');
  });
});
