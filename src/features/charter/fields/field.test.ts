// Renders views/field.njk through the app's own view environment and checks that what answers.ts
// links to and reads is what the page has: each error summary link lands on an input, each name
// posted is one parseAnswers reads.
import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../../../platform/views/environment.js';
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_MAX_BYTES,
  fieldInputId,
  parseAnswers,
  toFormValues,
  type AnswerErrors,
  type Answers,
  type FormValues,
} from './answers.js';
import type { FieldDefinition } from './model.js';
import { formatBytes, typeList } from './readers.js';

const env = createViewEnvironment();
const TEMPLATE = `{% from "features/charter/fields/views/field.njk" import requestField %}
{% include "form-errors.njk" %}
<form method="post" novalidate>
{% for field in fields %}{{ requestField(field, values[field.code], errors.fields[field.code] if errors) }}{% endfor %}
</form>`;

function render(fields: FieldDefinition[], values: FormValues = {}, errors?: AnswerErrors): string {
  return env.renderString(TEMPLATE, { fields, values, errors });
}

interface Element {
  tag: string;
  attrs: Record<string, string>;
  /** For a textarea, its content. */
  text?: string;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Start tags and their attributes: enough for govuk-frontend's regular output. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  for (const m of html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[a-z][\w:-]*(?:="[^"]*")?)*)\s*\/?>/gi)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/([a-z][\w:-]*)(?:="([^"]*)")?/gi)) attrs[a[1]!] = decode(a[2] ?? '');
    const tag = m[1]!.toLowerCase();
    const element: Element = { tag, attrs };
    if (tag === 'textarea') element.text = decode(html.slice(m.index + m[0].length).split('</textarea>')[0] ?? '');
    out.push(element);
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const byId = (html: string) => new Map(elements(html).filter((e) => e.attrs.id).map((e) => [e.attrs.id!, e]));

/** What a browser would post for this form: text boxes, checked radios and checkboxes, hidden inputs. */
function submit(html: string): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const current = body[name];
    body[name] = current === undefined ? value : ([] as string[]).concat(current, value);
  };
  for (const e of elements(html)) {
    const name = e.attrs.name;
    if (!name) continue;
    if (e.tag === 'textarea') add(name, e.text ?? '');
    else if (e.tag === 'input' && ['radio', 'checkbox'].includes(e.attrs.type ?? '')) {
      if ('checked' in e.attrs) add(name, e.attrs.value ?? 'on');
    } else if (e.tag === 'input' && e.attrs.type !== 'file') add(name, e.attrs.value ?? '');
  }
  return body;
}

const options = [
  { value: 'general', label: 'General waste' },
  { value: 'recycling', label: 'Recycling & glass' },
  { value: 'garden', label: 'Garden waste' },
];
const FIELDS: FieldDefinition[] = [
  { code: 'reg', label: 'Vehicle registration', type: 'text', required: true, maxLength: 8, order: 1 },
  { code: 'details', label: 'Details of the problem', type: 'long_text', required: true, maxLength: 200, hint: 'Say what you saw', order: 2 },
  { code: 'notes', label: 'Anything else', type: 'long_text', required: false, order: 3 },
  { code: 'bags', label: 'Number of bags', type: 'number', required: true, min: 1, max: 10, order: 4 },
  { code: 'weight', label: 'Weight in kg', type: 'number', required: false, decimals: true, order: 5 },
  { code: 'missed_on', label: 'Date the bin was missed', type: 'date', required: true, dateRule: 'past', hint: 'For example, 27 3 2026', order: 6 },
  { code: 'bin_type', label: 'Type of bin', type: 'single_choice', required: true, options, order: 7 },
  { code: 'bins', label: 'Other bins missed', type: 'multiple_choice', required: false, options, hint: 'Only bins on the same day.', order: 8 },
  { code: 'blocking', label: 'Is it blocking the road?', type: 'yes_no', required: true, order: 9 },
  { code: 'where', label: 'Location of the bin', type: 'location', required: true, hint: 'Where you left it', order: 10 },
  { code: 'photo', label: 'Photo of the bin', type: 'attachment', required: true, order: 11 },
];
const fieldOf = (code: string) => FIELDS.find((f) => f.code === code)!;
const TODAY = '2026-04-14';

describe('requestField', () => {
  const html = render(FIELDS);
  const ids = byId(html);

  it('gives every field an element with its code as id, and the input answers.ts links to', () => {
    for (const field of FIELDS) {
      expect(ids.has(field.code), field.code).toBe(true);
      const input = ids.get(fieldInputId(field));
      expect(['input', 'textarea'], field.code).toContain(input?.tag);
    }
  });

  it('labels each field, marking optional ones GOV.UK style', () => {
    expect(html).toMatch(/<label class="govuk-label govuk-label--s" for="reg">\s*Vehicle registration\s*<\/label>/);
    expect(html).toMatch(/<label class="govuk-label govuk-label--s" for="notes">\s*Anything else \(optional\)\s*<\/label>/);
    expect(html).toMatch(/<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\s*Other bins missed \(optional\)\s*<\/legend>/);
    expect(html).toMatch(/<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\s*Date the bin was missed\s*<\/legend>/);
    expect(html).toMatch(/<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\s*Location of the bin\s*<\/legend>/);
  });

  it('shows hints, and "Select all that apply" for checkboxes', () => {
    expect(html).toMatch(/id="details-hint"[^>]*>\s*Say what you saw/);
    expect(html).toMatch(/id="missed_on-hint"[^>]*>\s*For example, 27 3 2026/);
    expect(html).toMatch(/id="bins-hint"[^>]*>\s*Only bins on the same day\. Select all that apply\./);
    expect(html).toMatch(/id="where-hint"[^>]*>\s*Where you left it/);
  });

  it('uses text inputs with an inputmode for numbers, not type="number"', () => {
    expect(ids.get('bags')?.attrs).toMatchObject({ type: 'text', inputmode: 'numeric' });
    expect(ids.get('weight')?.attrs).toMatchObject({ type: 'text', inputmode: 'decimal' });
    expect(html).not.toContain('type="number"');
  });

  it('uses a character count for long text with a limit, and a plain textarea without', () => {
    expect(html).toMatch(/data-module="govuk-character-count"[^>]*data-maxlength="200"/);
    expect(html).toContain('You can enter up to 200 characters');
    expect(ids.get('notes')?.tag).toBe('textarea');
    expect(html.match(/data-module="govuk-character-count"/g)).toHaveLength(1);
  });

  it('renders the date as three boxes named for the field', () => {
    for (const part of ['day', 'month', 'year']) expect(ids.get(`missed_on-${part}`)?.attrs.name).toBe(`missed_on-${part}`);
  });

  it('renders choices as radios and checkboxes, the first option carrying the bare code', () => {
    expect(ids.get('bin_type')?.attrs).toMatchObject({ type: 'radio', name: 'bin_type', value: 'general' });
    expect(ids.get('bin_type-2')?.attrs).toMatchObject({ type: 'radio', value: 'recycling' });
    expect(html).toContain('Recycling &amp; glass');
    expect(ids.get('bins')?.attrs).toMatchObject({ type: 'checkbox', name: 'bins', value: 'general' });
    expect(ids.get('blocking')?.attrs).toMatchObject({ type: 'radio', value: 'yes' });
    expect(ids.get('blocking-2')?.attrs).toMatchObject({ type: 'radio', value: 'no' });
    expect(html).toContain('govuk-radios govuk-radios--inline');
  });

  it('renders the location as a fieldset with an address and a postcode', () => {
    expect(ids.get('where')?.tag).toBe('fieldset');
    expect(ids.get('where')?.attrs['aria-describedby']).toBe('where-hint');
    expect(ids.get('where-address')).toMatchObject({ tag: 'textarea', attrs: { name: 'where-address' } });
    expect(ids.get('where-postcode')?.attrs).toMatchObject({ name: 'where-postcode', autocomplete: 'postal-code' });
  });

  it('renders the attachment as a file upload that accepts only the allowed types', () => {
    expect(ids.get('photo')?.attrs).toMatchObject({ type: 'file', name: 'photo', accept: ATTACHMENT_CONTENT_TYPES.join(',') });
    // The hint is written in the template: it must say what the readers check.
    expect(html).toContain(`The file must be a ${typeList(ATTACHMENT_CONTENT_TYPES)}, smaller than ${formatBytes(ATTACHMENT_MAX_BYTES)}.`);
  });

  it('has no duplicate ids, and every label and description points at an element', () => {
    const all = elements(html).flatMap((e) => (e.attrs.id ? [e.attrs.id] : []));
    expect(new Set(all).size).toBe(all.length);
    for (const e of elements(html)) {
      if (e.tag === 'label' && e.attrs.for) expect(ids.has(e.attrs.for), e.attrs.for).toBe(true);
      for (const ref of (e.attrs['aria-describedby'] ?? '').split(/\s+/).filter(Boolean)) expect(ids.has(ref), ref).toBe(true);
    }
  });

  it('escapes labels, hints and options', () => {
    const out = render([{ code: 'x', label: '<b>Bold</b>', type: 'single_choice', required: true, hint: '<i>', options: [{ value: '"a"', label: '<s>' }, { value: 'b', label: 'B' }], order: 1 }]);
    expect(out).not.toMatch(/<b>|<i>|<s>/);
    expect(out).toContain('&lt;b&gt;Bold&lt;/b&gt;');
    expect(out).toContain('value="&quot;a&quot;"');
  });
});

describe('requestField with errors from parseAnswers', () => {
  const body = {
    reg: 'AB12 CDE 123',
    details: '',
    notes: 'Fine',
    bags: 'three',
    weight: '2.5',
    'missed_on-day': '12',
    'missed_on-month': '',
    'missed_on-year': '2026',
    bin_type: '',
    bins: ['garden'],
    blocking: '',
    'where-address': 'Behind the library',
    'where-postcode': 'not a postcode',
  };
  const result = parseAnswers(FIELDS, body, { today: TODAY });
  if (result.ok) throw new Error('expected errors');
  const html = render(FIELDS, result.values, result.errors);
  const ids = byId(html);

  it('has a summary link for each field in error, each landing on an input of that field', () => {
    expect(result.errors.summary.map((s) => s.href)).toEqual([
      '#reg',
      '#details',
      '#bags',
      '#missed_on-month',
      '#bin_type',
      '#blocking',
      '#where-postcode',
      '#photo',
    ]);
    for (const { href, text } of result.errors.summary) {
      const target = ids.get(href.slice(1));
      expect(['input', 'textarea'], href).toContain(target?.tag);
      expect(html).toContain(`<a href="${href}">${text}</a>`);
    }
  });

  it('shows each message beside its field, linked by aria-describedby', () => {
    for (const [code, error] of Object.entries(result.errors.fields)) {
      const field = fieldOf(code);
      // A location's message sits on the box in error; every other field's on the whole field.
      const id = field.type === 'location' ? `${fieldInputId(field, error.parts?.[0])}-error` : `${code}-error`;
      expect(html, code).toMatch(new RegExp(`id="${id}" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span> ${escapeRegExp(error.text)}`));
      const describedBy = elements(html).filter((e) => (e.attrs['aria-describedby'] ?? '').split(' ').includes(id));
      expect(describedBy.length, code).toBeGreaterThan(0);
    }
  });

  it('highlights only the date boxes in error', () => {
    expect(ids.get('missed_on-month')?.attrs.class).toContain('govuk-input--error');
    expect(ids.get('missed_on-day')?.attrs.class).not.toContain('govuk-input--error');
    expect(ids.get('missed_on-year')?.attrs.class).not.toContain('govuk-input--error');
  });

  it('highlights all three boxes for an error about the whole date', () => {
    const future = parseAnswers([fieldOf('missed_on')], { 'missed_on-day': '1', 'missed_on-month': '5', 'missed_on-year': '2026' }, { today: TODAY });
    if (future.ok) throw new Error('expected an error');
    const out = byId(render([fieldOf('missed_on')], future.values, future.errors));
    for (const part of ['day', 'month', 'year']) expect(out.get(`missed_on-${part}`)?.attrs.class).toContain('govuk-input--error');
  });

  it('puts the location message on the box in error', () => {
    expect(ids.get('where-postcode')?.attrs.class).toContain('govuk-input--error');
    expect(ids.get('where-address')?.attrs.class).not.toContain('govuk-textarea--error');
  });

  it('fills the inputs in again with what was typed', () => {
    expect(ids.get('reg')?.attrs.value).toBe('AB12 CDE 123');
    expect(ids.get('notes')?.text).toBe('Fine');
    expect(ids.get('bags')?.attrs.value).toBe('three');
    expect(ids.get('missed_on-day')?.attrs.value).toBe('12');
    expect(ids.get('missed_on-year')?.attrs.value).toBe('2026');
    expect('checked' in (ids.get('bins-3')?.attrs ?? {})).toBe(true);
    expect('checked' in (ids.get('bins')?.attrs ?? {})).toBe(false);
    expect(ids.get('where-address')?.text).toBe('Behind the library');
    expect(ids.get('where-postcode')?.attrs.value).toBe('not a postcode');
  });
});

describe('the rendered form posts what parseAnswers reads', () => {
  it('round-trips every type but the file through the inputs', () => {
    const answers: Answers = {
      reg: 'AB12CDE',
      details: 'Line one\nLine two & "three"',
      bags: 3,
      weight: 2.5,
      missed_on: '2026-04-09',
      bin_type: 'recycling',
      bins: ['general', 'garden'],
      blocking: false,
      where: { address: 'Behind the library', postcode: 'SW1A 1AA', uprn: '100023336956' },
    };
    const html = render(FIELDS, toFormValues(FIELDS, answers));
    const photo = { filename: 'bin.png', contentType: 'image/png', size: 1000 };
    const result = parseAnswers(FIELDS, submit(html), { today: TODAY, attachments: { photo } });
    expect(result).toEqual({ ok: true, answers: { ...answers, photo } });
  });

  it('posts nothing for empty optional fields, which parse to no answer', () => {
    const optional = FIELDS.map((f) => ({ ...f, required: false }));
    expect(parseAnswers(optional, submit(render(optional)), { today: TODAY })).toEqual({ ok: true, answers: {} });
  });
});
