import { describe, expect, it } from 'vitest';
import { answerRows } from './answers.js';
import type { FieldDefinition } from './model.js';

const f = (code: string, type: FieldDefinition['type'], label: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  code,
  type,
  label,
  required: false,
  order: 0,
  ...extra,
});

const options = [
  { value: 'general', label: 'General waste' },
  { value: 'recycling', label: 'Recycling' },
];
const fields: FieldDefinition[] = [
  f('reg', 'text', 'Vehicle registration', { order: 1 }),
  f('details', 'long_text', 'Details', { order: 2 }),
  f('bags', 'number', 'Number of bags', { order: 3 }),
  f('missed_on', 'date', 'Date the bin was missed', { order: 4 }),
  f('bin_type', 'single_choice', 'Type of bin', { order: 5, options }),
  f('bins', 'multiple_choice', 'Bins missed', { order: 6, options }),
  f('blocking', 'yes_no', 'Is it blocking the road?', { order: 7 }),
  f('where', 'location', 'Location', { order: 8 }),
  f('photo', 'attachment', 'Photo (optional)', { order: 9 }),
];

describe('answerRows', () => {
  it('shows each type as a resident reads it, in the fields’ order', () => {
    const rows = answerRows([...fields].reverse(), {
      reg: 'AB12 CDE',
      details: 'Bins <left> out\nall week & more',
      bags: 1200,
      missed_on: '2026-04-14',
      bin_type: 'recycling',
      bins: ['general', 'recycling'],
      blocking: true,
      where: { address: 'Behind 12 High Street', postcode: 'SW1A 1AA', uprn: '100023336956', lat: 51.5, lng: -0.14 },
      photo: { filename: 'bin.jpg', contentType: 'image/jpeg', size: 2_411_724 },
    });
    expect(rows.map((r) => [r.key.text, r.value])).toEqual([
      ['Vehicle registration', { text: 'AB12 CDE' }],
      ['Details', { html: 'Bins &lt;left&gt; out<br>all week &amp; more' }],
      ['Number of bags', { text: '1,200' }],
      ['Date the bin was missed', { text: '14 April 2026' }],
      ['Type of bin', { text: 'Recycling' }],
      ['Bins missed', { html: 'General waste<br>Recycling' }],
      ['Is it blocking the road?', { text: 'Yes' }],
      ['Location', { html: 'Behind 12 High Street<br>SW1A 1AA<br>UPRN 100023336956<br>Latitude 51.5, longitude -0.14' }],
      ['Photo', { text: 'bin.jpg (2.3MB)' }],
    ]);
  });

  it('says "Not provided" for empty optional answers, and No for false', () => {
    const rows = answerRows(fields, { blocking: false, bins: [] });
    expect(rows.map((r) => r.value)).toEqual([
      { text: 'Not provided' },
      { text: 'Not provided' },
      { text: 'Not provided' },
      { text: 'Not provided' },
      { text: 'Not provided' },
      { text: 'Not provided' },
      { text: 'No' },
      { text: 'Not provided' },
      { text: 'Not provided' },
    ]);
  });

  it('links "Change" to the field, with its label for screen readers', () => {
    const [reg, , , , , , blocking] = answerRows(fields, {});
    expect(reg?.actions).toEqual({ items: [{ href: '#reg', text: 'Change', visuallyHiddenText: 'vehicle registration' }] });
    expect(blocking?.actions?.items[0]?.visuallyHiddenText).toBe('is it blocking the road');
  });

  it('takes a form URL, a function or false for the change link', () => {
    const [first] = fields;
    expect(answerRows([first!], {}, { change: '/report/missed-bin' })[0]?.actions?.items[0]?.href).toBe('/report/missed-bin#reg');
    expect(answerRows([first!], {}, { change: (field) => `/edit/${field.code}` })[0]?.actions?.items[0]?.href).toBe('/edit/reg');
    expect(answerRows([first!], {}, { change: false })[0]?.actions).toBeUndefined();
  });

  it('shows the stored value of an option the administrator has since removed', () => {
    expect(answerRows([fields[4]!], { bin_type: 'garden' })[0]?.value).toEqual({ text: 'garden' });
  });
});
