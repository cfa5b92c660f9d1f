import { describe, expect, it } from 'vitest';
import {
  adjustmentText,
  customerSchema,
  displayName,
  EMAIL_MESSAGE,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  PHONE_MESSAGE,
  POSTCODE_MESSAGE,
  readCustomerForm,
  searchName,
  UPRN_MESSAGE,
} from './model.js';
import { classifyQuery } from './search.js';

describe('normalisers', () => {
  it('formats postcodes and refuses what is not one', () => {
    expect(normalisePostcode('le15fq')).toBe('LE1 5FQ');
    expect(normalisePostcode(' sw1a  1aa ')).toBe('SW1A 1AA');
    expect(normalisePostcode('EX1 1AA')).toBe('EX1 1AA');
    expect(normalisePostcode('M1 1AE')).toBe('M1 1AE');
    expect(normalisePostcode('12345')).toBeUndefined();
    expect(normalisePostcode('LE1')).toBeUndefined();
    expect(normalisePostcode('smith')).toBeUndefined();
  });

  it('reads phone numbers in any format as E.164, displayed the national way', () => {
    for (const typed of ['07700 900123', '(07700) 900 123', '+44 7700 900123', '0044 7700 900123', '07700-900-123', '+447700900123']) {
      expect(normalisePhone(typed)).toEqual({ number: '+447700900123', display: '07700 900123' });
    }
    expect(normalisePhone('+44 808 157 0192')).toEqual({ number: '+448081570192', display: '0808 157 0192' });
    expect(normalisePhone('+33 1 23 45 67 89')?.display).toBe('+33 1 23 45 67 89');
    expect(normalisePhone('12345')).toBeUndefined();
    expect(normalisePhone('07700 900123 ext')).toBeUndefined();
    expect(normalisePhone('call me')).toBeUndefined();
  });

  it('lower-cases emails and search names, and builds display names', () => {
    expect(normaliseEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(searchName('  Zoë   O’Brien ')).toBe('zoe o’brien');
    expect(displayName({ kind: 'person', title: 'Ms', givenName: 'Ann', familyName: 'Example' })).toBe('Ms Ann Example');
    expect(displayName({ kind: 'organisation', organisationName: 'Exampleton Tenants’ Association' })).toBe('Exampleton Tenants’ Association');
    expect(adjustmentText({ kind: 'interpreter', detail: 'Polish' })).toBe('Interpreter (Polish)');
    expect(adjustmentText({ kind: 'large_print', detail: '' })).toBe('Large print');
  });
});

describe('customerSchema (services)', () => {
  it('normalises what it accepts', () => {
    const data = customerSchema.parse({
      kind: 'person',
      givenName: ' Ann ',
      familyName: 'Example',
      postcode: 'ex11aa',
      emails: ['Ann@Example.com', '', 'ann@example.com'],
      phones: ['07700 900123', '+44 7700 900123'],
      adjustments: [{ kind: 'interpreter', detail: 'Polish' }],
    });
    expect(data).toMatchObject({ givenName: 'Ann', postcode: 'EX1 1AA', emails: ['ann@example.com'], phones: [{ number: '+447700900123', display: '07700 900123' }], notes: '', title: null });
  });

  it('gives a GOV.UK message per field, at the field', () => {
    const result = customerSchema.safeParse({
      kind: 'person',
      familyName: '',
      postcode: 'not a postcode',
      uprn: '12ab',
      emails: ['ann@example.com', 'ann.example.com'],
      phones: ['07700 900123', '123'],
      adjustments: [{ kind: 'interpreter', detail: '' }, { kind: 'named_contact' }],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['postcode', POSTCODE_MESSAGE],
        ['uprn', UPRN_MESSAGE],
        ['emails.1', EMAIL_MESSAGE],
        ['phones.1', PHONE_MESSAGE],
      ]),
    );
  });

  it('needs a last name for a person and a name for an organisation, and a detail for an interpreter', () => {
    const person = customerSchema.safeParse({ kind: 'person', givenName: 'Ann', adjustments: [{ kind: 'interpreter', detail: ' ' }] });
    expect(person.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['familyName', 'Enter the customer’s last name'],
      ['adjustments.interpreter', 'Enter the language the customer needs an interpreter for'],
    ]);
    const organisation = customerSchema.safeParse({ kind: 'organisation', familyName: 'Example' });
    expect(organisation.error?.issues.map((i) => i.message)).toEqual(['Enter the organisation’s name']);
    expect(customerSchema.safeParse({ kind: 'robot' }).error?.issues[0]?.message).toBe('Select whether the customer is a person or an organisation');
  });

  it('drops personal name parts from an organisation', () => {
    expect(customerSchema.parse({ kind: 'organisation', organisationName: 'Acme', familyName: 'Left over' })).toMatchObject({ familyName: null, organisationName: 'Acme' });
  });
});

describe('readCustomerForm (the advisor’s form)', () => {
  it('reads repeated email and phone inputs and ticked adjustments with their details', () => {
    const result = readCustomerForm({
      kind: 'person',
      givenName: 'Ann',
      familyName: 'Example',
      postcode: 'ex1 1aa',
      email: ['ann@example.com', '', 'ANN.WORK@example.com'],
      phone: '07700 900123',
      adjustments: ['large_print', 'interpreter'],
      'adjustmentDetail-interpreter': 'Polish',
      'adjustmentDetail-named_contact': 'ignored: not ticked',
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.emails).toEqual(['ann@example.com', 'ann.work@example.com']);
    expect(result.data.phones).toEqual([{ number: '+447700900123', display: '07700 900123' }]);
    expect(result.data.adjustments).toEqual([{ kind: 'large_print', detail: '' }, { kind: 'interpreter', detail: 'Polish' }]);
  });

  it('points each error at its input: email-N, phone-N, adjustmentDetail-<kind>', () => {
    const result = readCustomerForm({
      kind: 'person',
      familyName: 'Example',
      email: ['', 'nope'],
      phone: ['07700 900123', 'abc'],
      postcode: 'XX',
      adjustments: 'other',
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errors.fields).toEqual({
      postcode: { text: POSTCODE_MESSAGE },
      'email-2': { text: EMAIL_MESSAGE },
      'phone-2': { text: PHONE_MESSAGE },
      'adjustmentDetail-other': { text: 'Enter the adjustment the customer needs' },
    });
    expect(result.errors.summary.map((s) => s.href)).toEqual(['#postcode', '#email-2', '#phone-2', '#adjustmentDetail-other']);
  });

  it('asks for the kind when the form has none', () => {
    const result = readCustomerForm({});
    expect(result.success ? undefined : result.errors.fields.kind?.text).toBe('Select whether the customer is a person or an organisation');
  });
});

describe('classifyQuery', () => {
  it('tells references, emails, phones, postcodes and names apart', () => {
    expect(classifyQuery(' Ann@Example.com ')).toEqual({ kind: 'email', email: 'ann@example.com' });
    expect(classifyQuery('(07700) 900 123')).toEqual({ kind: 'phone', number: '+447700900123' });
    expect(classifyQuery('+44 7700 900123')).toEqual({ kind: 'phone', number: '+447700900123' });
    expect(classifyQuery('le15fq')).toEqual({ kind: 'postcode', postcode: 'LE1 5FQ' });
    expect(classifyQuery('Jon Smth')).toEqual({ kind: 'name', name: 'jon smth' });
    expect(classifyQuery('Smith LE1 5FQ')).toEqual({ kind: 'name', name: 'smith', postcode: 'LE1 5FQ' });
    expect(classifyQuery('Smith le15fq')).toEqual({ kind: 'name', name: 'smith', postcode: 'LE1 5FQ' });
    expect(classifyQuery('   ')).toEqual({ kind: 'empty' });
  });

  it('takes eight letters for a reference only when the check character is right', () => {
    // HAMPSHAW fits the alphabet, but is a name.
    expect(classifyQuery('HAMPSHAW').kind).toBe('name');
  });
});
