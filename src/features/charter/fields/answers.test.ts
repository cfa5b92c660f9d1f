import { describe, expect, it } from 'vitest';
import { fieldInputId, normalisePostcode, parseAnswers, toFormValues, type FormBody, type ParseOptions } from './answers.js';
import type { FieldDefinition } from './model.js';

const TODAY = '2026-04-14';

const field = (overrides: Partial<FieldDefinition> & Pick<FieldDefinition, 'code' | 'type'>): FieldDefinition => ({
  label: 'Label',
  required: true,
  order: 1,
  ...overrides,
});

const description = field({ code: 'description', label: 'Description of the problem', type: 'long_text', maxLength: 20 });
const reg = field({ code: 'reg', label: 'Vehicle registration', type: 'text', required: false });
const bags = field({ code: 'bags', label: 'Number of bags', type: 'number', min: 1, max: 10 });
const missedOn = field({ code: 'missed_on', label: 'Date the bin was missed', type: 'date', dateRule: 'past' });
const binType = field({
  code: 'bin_type',
  label: 'Type of bin',
  type: 'single_choice',
  options: [
    { value: 'general', label: 'General waste' },
    { value: 'recycling', label: 'Recycling' },
  ],
});
const waste = field({
  code: 'waste',
  label: 'Types of waste',
  type: 'multiple_choice',
  options: [
    { value: 'sofa', label: 'Sofa' },
    { value: 'fridge', label: 'Fridge' },
    { value: 'mattress', label: 'Mattress' },
  ],
});
const blocking = field({ code: 'blocking', label: 'Is it blocking the road?', type: 'yes_no' });
const where = field({ code: 'where', label: 'Location of the fly-tipping', type: 'location' });
const photo = field({ code: 'photo', label: 'Photo of the problem', type: 'attachment', required: false });

/** The one field's outcome: its answer, or its message and the summary link. */
function one(f: FieldDefinition, body: FormBody, options: ParseOptions = { today: TODAY }) {
  const result = parseAnswers([f], body, options);
  if (result.ok) return { answer: result.answers[f.code] };
  const error = result.errors.fields[f.code];
  return { error: error?.text, parts: error?.parts, href: result.errors.summary[0]?.href, value: result.values[f.code] };
}

describe('parseAnswers: text and long text', () => {
  it('trims, and keeps line breaks as \\n', () => {
    expect(one(description, { description: '  Bin left \r\nopen  ' })).toEqual({ answer: 'Bin left \nopen' });
  });

  it('asks for a required answer and links to the input', () => {
    expect(one(description, { description: '   ' })).toMatchObject({ error: 'Enter the description of the problem', href: '#description' });
  });

  it('counts characters after line breaks are normalised', () => {
    expect(one(description, { description: 'a'.repeat(19) + '\r\n' })).toEqual({ answer: 'a'.repeat(19) });
    expect(one(description, { description: 'a'.repeat(10) + '\r\n' + 'b'.repeat(10) })).toMatchObject({
      error: 'Description of the problem must be 20 characters or fewer',
      value: 'a'.repeat(10) + '\r\n' + 'b'.repeat(10),
    });
  });

  it('applies a default limit when the administrator set none', () => {
    expect(one(reg, { reg: 'x'.repeat(501) }).error).toBe('Vehicle registration must be 500 characters or fewer');
  });

  it('leaves an empty optional answer out', () => {
    expect(parseAnswers([reg], { reg: '' })).toEqual({ ok: true, answers: {} });
    expect(parseAnswers([reg], {})).toEqual({ ok: true, answers: {} });
  });

  it('uses a plain message for a label written as a question', () => {
    const q = field({ code: 'what', label: 'What happened?', type: 'text' });
    expect(one(q, {}).error).toBe('Enter an answer');
  });

  it('does not add "the" before a possessive, and keeps acronyms in capitals', () => {
    expect(one(field({ code: 'n', label: 'Your name', type: 'text' }), {}).error).toBe('Enter your name');
    expect(one(field({ code: 'u', label: 'UPRN of the property', type: 'text' }), {}).error).toBe('Enter the UPRN of the property');
  });
});

describe('parseAnswers: number', () => {
  it.each([
    ['3', 3],
    [' 10 ', 10],
    ['1,0', 10],
  ])('reads %j as %j', (posted, expected) => {
    expect(one(bags, { bags: posted })).toEqual({ answer: expected });
  });

  it.each([
    ['', 'Enter the number of bags'],
    ['three', 'Enter a number, like 3'],
    ['3 bags', 'Enter a number, like 3'],
    ['1e3', 'Enter a number, like 3'],
    ['2.5', 'Number of bags must be a whole number, like 3'],
    ['0', 'Number of bags must be between 1 and 10'],
    ['11', 'Number of bags must be between 1 and 10'],
  ])('rejects %j: %s', (posted, message) => {
    expect(one(bags, { bags: posted })).toMatchObject({ error: message, href: '#bags', value: posted });
  });

  it('allows decimals when the field does, and one bound alone', () => {
    const weight = field({ code: 'weight', label: 'Weight in kg', type: 'number', decimals: true, min: 0 });
    expect(one(weight, { weight: '2.5' })).toEqual({ answer: 2.5 });
    expect(one(weight, { weight: '-1' }).error).toBe('Weight in kg must be 0 or more');
    const upTo = field({ code: 'n', label: 'Items', type: 'number', max: 1000 });
    expect(one(upTo, { n: '1001' }).error).toBe('Items must be 1,000 or less');
  });
});

describe('parseAnswers: date (the GOV.UK date input pattern)', () => {
  const date = (day: string, month: string, year: string) => ({ 'missed_on-day': day, 'missed_on-month': month, 'missed_on-year': year });

  it('reads the three boxes as YYYY-MM-DD, accepting month names', () => {
    expect(one(missedOn, date('9', '4', '2026'))).toEqual({ answer: '2026-04-09' });
    expect(one(missedOn, date(' 09 ', 'Apr', '2026'))).toEqual({ answer: '2026-04-09' });
    expect(one(missedOn, date('29', 'february', '2024'))).toEqual({ answer: '2024-02-29' });
  });

  it('asks for the date when nothing is entered, linking to the day box', () => {
    expect(one(missedOn, date('', '', ''))).toMatchObject({ error: 'Enter the date the bin was missed', parts: undefined, href: '#missed_on-day' });
  });

  it.each([
    [date('', '4', '2026'), 'Date the bin was missed must include a day', ['day'], '#missed_on-day'],
    [date('9', '', '2026'), 'Date the bin was missed must include a month', ['month'], '#missed_on-month'],
    [date('9', '4', ''), 'Date the bin was missed must include a year', ['year'], '#missed_on-year'],
    [date('', '', '2026'), 'Date the bin was missed must include a day and month', ['day', 'month'], '#missed_on-day'],
    [date('9', '', ''), 'Date the bin was missed must include a month and year', ['month', 'year'], '#missed_on-month'],
    [date('', '4', ''), 'Date the bin was missed must include a day and year', ['day', 'year'], '#missed_on-day'],
  ])('names the missing parts (%j)', (body, message, parts, href) => {
    expect(one(missedOn, body)).toMatchObject({ error: message, parts, href });
  });

  it.each([
    [date('32', '4', '2026'), ['day']],
    [date('31', '4', '2026'), ['day']],
    [date('29', '2', '2025'), ['day']],
    [date('9', '13', '2026'), ['month']],
    [date('9', 'Ap', '2026'), ['month']],
    [date('9', '4', '26'), ['year']],
    [date('x', '4', '20266'), ['day', 'year']],
  ])('asks for a real date, highlighting the wrong parts (%j)', (body, parts) => {
    expect(one(missedOn, body)).toMatchObject({ error: 'Date the bin was missed must be a real date', parts, href: `#missed_on-${parts[0]}` });
  });

  it('checks past and future against the today it is given', () => {
    expect(one(missedOn, date('14', '4', '2026'))).toEqual({ answer: '2026-04-14' });
    expect(one(missedOn, date('15', '4', '2026'))).toMatchObject({
      error: 'Date the bin was missed must be today or in the past',
      parts: undefined,
      href: '#missed_on-day',
    });
    const collection = field({ code: 'collect_on', label: 'Collection date', type: 'date', dateRule: 'future' });
    expect(one(collection, { 'collect_on-day': '13', 'collect_on-month': '4', 'collect_on-year': '2026' }).error).toBe(
      'Collection date must be today or in the future',
    );
  });

  it('needs today only when a rule needs it, and never reads the clock', () => {
    const any = field({ code: 'd', label: 'Date', type: 'date' });
    expect(one(any, { 'd-day': '1', 'd-month': '1', 'd-year': '2099' }, {})).toEqual({ answer: '2099-01-01' });
    expect(() => parseAnswers([missedOn], {})).toThrow(RangeError);
    expect(() => parseAnswers([missedOn], {}, { today: '14/04/2026' })).toThrow(RangeError);
  });

  it('rejects a part-filled optional date but accepts an empty one', () => {
    const optional = { ...missedOn, required: false };
    expect(one(optional, date('', '', ''))).toEqual({ answer: undefined });
    expect(one(optional, date('1', '', '')).error).toBe('Date the bin was missed must include a month and year');
  });

  it('uses "Date" for a question label', () => {
    const q = field({ code: 'd', label: 'When was it dumped?', type: 'date' });
    expect(one(q, {}).error).toBe('Enter a date');
    expect(one(q, { 'd-day': '1', 'd-year': '2026' }).error).toBe('Date must include a month');
  });
});

describe('parseAnswers: choices', () => {
  it('reads a radio choice, and rejects a value that is not an option', () => {
    expect(one(binType, { bin_type: 'recycling' })).toEqual({ answer: 'recycling' });
    expect(one(binType, {})).toMatchObject({ error: 'Select the type of bin', href: '#bin_type' });
    expect(one(binType, { bin_type: 'garden' })).toMatchObject({ error: 'Select the type of bin', value: '' });
  });

  it('reads checkboxes in option order, once each, dropping unknown values', () => {
    expect(one(waste, { waste: ['mattress', 'sofa', 'sofa', 'piano'] })).toEqual({ answer: ['sofa', 'mattress'] });
    expect(one(waste, { waste: 'fridge' })).toEqual({ answer: ['fridge'] });
    expect(one(waste, { waste: ['piano'] })).toMatchObject({ error: 'Select the types of waste', href: '#waste', value: [] });
    expect(one({ ...waste, required: false }, {})).toEqual({ answer: undefined });
  });

  it('reads yes or no as a boolean', () => {
    expect(one(blocking, { blocking: 'yes' })).toEqual({ answer: true });
    expect(one(blocking, { blocking: 'no' })).toEqual({ answer: false });
    expect(one(blocking, {})).toMatchObject({ error: 'Select yes or no', href: '#blocking' });
    expect(one({ ...blocking, required: false }, { blocking: 'maybe' }).error).toBe('Select yes or no');
  });
});

describe('parseAnswers: location', () => {
  it('reads an address and a normalised postcode', () => {
    expect(one(where, { 'where-address': ' Back lane behind\r\n12 High Street ', 'where-postcode': 'sw1a1aa' })).toEqual({
      answer: { address: 'Back lane behind\n12 High Street', postcode: 'SW1A 1AA' },
    });
  });

  it('asks for the address, linking to it', () => {
    expect(one(where, {})).toMatchObject({ error: 'Enter the location of the fly-tipping', parts: ['address'], href: '#where-address' });
    // A postcode alone does not say where the problem is.
    expect(one(where, { 'where-postcode': 'M1 1AE' }).error).toBe('Enter the location of the fly-tipping');
  });

  it('rejects a postcode that cannot be a UK one, linking to the postcode box', () => {
    expect(one(where, { 'where-address': 'Park', 'where-postcode': 'ABC 123' })).toMatchObject({
      error: 'Postcode must be a real UK postcode, like SW1A 1AA',
      parts: ['postcode'],
      href: '#where-postcode',
      value: { address: 'Park', postcode: 'ABC 123' },
    });
  });

  it('accepts a UPRN or a point from an advisor instead of an address', () => {
    expect(one(where, { 'where-uprn': '100023336956' })).toEqual({ answer: { uprn: '100023336956' } });
    expect(one(where, { 'where-lat': '51.5014', 'where-lng': '-0.1419' })).toEqual({ answer: { lat: 51.5014, lng: -0.1419 } });
    expect(one(where, { 'where-uprn': '12ab' }).error).toBe('UPRN must be a number of up to 12 digits');
    expect(one(where, { 'where-lat': '51.5' }).error).toMatch(/^Latitude and longitude must both be given/);
    expect(one(where, { 'where-lat': '40.4', 'where-lng': '-3.7' }).error).toMatch(/for a place in the UK$/);
  });

  it('accepts an optional location left empty or given only a postcode', () => {
    const optional = { ...where, required: false };
    expect(one(optional, { 'where-address': '', 'where-postcode': '' })).toEqual({ answer: undefined });
    expect(one(optional, { 'where-postcode': 'b33 8th' })).toEqual({ answer: { postcode: 'B33 8TH' } });
  });
});

describe('normalisePostcode', () => {
  it.each([
    ['SW1A 1AA', 'SW1A 1AA'],
    ['ec1a1bb', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
    ['  m1   1ae ', 'M1 1AE'],
    ['DN55 1PT', 'DN55 1PT'],
    ['cr2 6xh', 'CR2 6XH'],
    ['GIR 0AA', 'GIR 0AA'],
  ])('%j -> %j', (input, expected) => expect(normalisePostcode(input)).toBe(expected));

  it.each(['SW1A', '1AA SW1A', 'SW1A 1CA', 'QA1 1AA', 'SW1A 1AAA', 'AB12 3CD!', ''])('rejects %j', (input) => {
    expect(normalisePostcode(input)).toBeUndefined();
  });
});

describe('parseAnswers: attachment', () => {
  const file = (overrides: Partial<{ filename: string; contentType: string; size: number }> = {}) => ({
    attachments: { photo: { filename: 'bin.jpg', contentType: 'image/jpeg', size: 2_000_000, ...overrides } },
  });

  it('takes the metadata the caller passes in, keeping only the file name', () => {
    expect(one(photo, {}, file({ filename: 'C:\\Users\\me\\bin.jpg', contentType: 'IMAGE/JPEG' }))).toEqual({
      answer: { filename: 'bin.jpg', contentType: 'image/jpeg', size: 2_000_000 },
    });
  });

  it.each([
    [{ contentType: 'image/gif' }, 'The selected file must be a JPG, PNG or PDF'],
    [{ size: 10 * 1024 * 1024 + 1 }, 'The selected file must be smaller than 10MB'],
    [{ size: 0 }, 'The selected file is empty'],
  ])('rejects %j', (overrides, message) => {
    expect(one(photo, {}, file(overrides))).toMatchObject({ error: message, href: '#photo' });
  });

  it('treats the empty part of an unused file input as no file', () => {
    expect(one(photo, {}, file({ filename: '', size: 0, contentType: 'application/octet-stream' }))).toEqual({ answer: undefined });
    expect(one({ ...photo, required: true }, {}, {}).error).toBe('Select the photo of the problem');
  });

  it('allows the rules to be configured', () => {
    const rules = { attachmentRules: { contentTypes: ['image/png'], maxBytes: 1024 } };
    expect(one(photo, {}, { ...file({ contentType: 'image/png', size: 1025 }), ...rules }).error).toBe('The selected file must be smaller than 1KB');
    expect(one(photo, {}, { ...file(), ...rules }).error).toBe('The selected file must be a PNG');
  });
});

describe('parseAnswers: the whole form', () => {
  const fields = [
    { ...photo, order: 9 },
    { ...binType, order: 1 },
    { ...missedOn, order: 2 },
    { ...where, order: 3 },
    { ...reg, order: 4 },
  ];

  it('lists errors in the fields’ order, ignores unknown keys, and gives back what was typed', () => {
    const body = { _csrf: 'token', bin_type: '', 'missed_on-day': '31', 'missed_on-month': '2', 'missed_on-year': '2026', 'where-address': 'Park', 'where-postcode': 'nope', reg: 'AB12 CDE' };
    const result = parseAnswers(fields, body, { today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.summary).toEqual([
      { text: 'Select the type of bin', href: '#bin_type' },
      { text: 'Date the bin was missed must be a real date', href: '#missed_on-day' },
      { text: 'Postcode must be a real UK postcode, like SW1A 1AA', href: '#where-postcode' },
    ]);
    expect(Object.keys(result.errors.fields)).toEqual(['bin_type', 'missed_on', 'where']);
    expect(result.values).toEqual({
      bin_type: '',
      missed_on: { day: '31', month: '2', year: '2026' },
      where: { address: 'Park', postcode: 'nope' },
      reg: 'AB12 CDE',
      photo: '',
    });
  });

  it('returns every answer when all is well', () => {
    const body = { bin_type: 'general', 'missed_on-day': '13', 'missed_on-month': '4', 'missed_on-year': '2026', 'where-address': 'Park' };
    expect(parseAnswers(fields, body, { today: TODAY })).toEqual({
      ok: true,
      answers: { bin_type: 'general', missed_on: '2026-04-13', where: { address: 'Park' } },
    });
  });

  it('takes the first string when a single-value key is posted twice, and ignores non-strings', () => {
    expect(one(reg, { reg: ['A1', 'B2'] })).toEqual({ answer: 'A1' });
    expect(one(reg, { reg: { nested: 'x' } })).toEqual({ answer: undefined });
  });
});

describe('toFormValues', () => {
  it('turns answers back into what the inputs hold, and round-trips through parseAnswers', () => {
    const fields = [description, bags, missedOn, binType, waste, blocking, where, photo];
    const answers = {
      description: 'Bin left open',
      bags: 3,
      missed_on: '2026-04-09',
      bin_type: 'general',
      waste: ['sofa', 'fridge'],
      blocking: false,
      where: { address: 'Park', postcode: 'SW1A 1AA', uprn: '100023336956' },
    };
    const values = toFormValues(fields, answers);
    expect(values).toEqual({
      description: 'Bin left open',
      bags: '3',
      missed_on: { day: '9', month: '4', year: '2026' },
      bin_type: 'general',
      waste: ['sofa', 'fridge'],
      blocking: 'no',
      where: { address: 'Park', postcode: 'SW1A 1AA', uprn: '100023336956' },
    });
    const body: Record<string, unknown> = { ...values, 'missed_on-day': '9', 'missed_on-month': '4', 'missed_on-year': '2026', 'where-address': 'Park', 'where-postcode': 'SW1A 1AA', 'where-uprn': '100023336956' };
    expect(parseAnswers(fields, body, { today: TODAY })).toEqual({ ok: true, answers });
  });
});

describe('fieldInputId', () => {
  it('is the code, or the first box of a date or location', () => {
    expect(fieldInputId({ code: 'a', type: 'text' })).toBe('a');
    expect(fieldInputId({ code: 'a', type: 'single_choice' })).toBe('a');
    expect(fieldInputId({ code: 'a', type: 'date' })).toBe('a-day');
    expect(fieldInputId({ code: 'a', type: 'date' }, 'year')).toBe('a-year');
    expect(fieldInputId({ code: 'a', type: 'location' })).toBe('a-address');
    expect(fieldInputId({ code: 'a', type: 'location' }, 'postcode')).toBe('a-postcode');
  });
});
