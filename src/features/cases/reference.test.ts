import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter, newReference, parseReference, REFERENCE_ALPHABET } from './reference.js';

const body = fc.array(fc.constantFrom(...REFERENCE_ALPHABET), { minLength: 7, maxLength: 7 }).map((c) => c.join(''));

describe('case references', () => {
  it('look like XXXX-XXXX with no 0, O, 1 or I, and parse back to themselves', () => {
    for (let i = 0; i < 200; i++) {
      const reference = newReference();
      expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      expect(parseReference(reference)).toEqual({ ok: true, reference });
      expect(parseReference(` ${reference.toLowerCase().replace('-', ' ')} `)).toEqual({ ok: true, reference });
    }
  });

  it('catch every single mistyped character', () => {
    fc.assert(
      fc.property(body, fc.nat(7), fc.constantFrom(...REFERENCE_ALPHABET), (b, position, replacement) => {
        const compact = b + checkCharacter(b);
        fc.pre(compact.charAt(position) !== replacement);
        const typo = compact.slice(0, position) + replacement + compact.slice(position + 1);
        expect(parseReference(typo).ok).toBe(false);
      }),
    );
  });

  it('catch two neighbouring characters swapped, except Luhn’s one blind spot (2 and Z)', () => {
    fc.assert(
      fc.property(body, fc.nat(6), (b, position) => {
        const compact = b + checkCharacter(b);
        const pair = compact.charAt(position) + compact.charAt(position + 1);
        fc.pre(pair.charAt(0) !== pair.charAt(1) && pair !== '2Z' && pair !== 'Z2');
        const swapped = compact.slice(0, position) + compact.charAt(position + 1) + compact.charAt(position) + compact.slice(position + 2);
        expect(parseReference(swapped).ok).toBe(false);
      }),
    );
  });

  it('explain what is wrong with a malformed reference', () => {
    expect(parseReference('')).toEqual({ ok: false, message: 'Enter your reference number' });
    const message = (input: string) => {
      const parsed = parseReference(input);
      return parsed.ok ? undefined : parsed.message;
    };
    expect(message('ABC')).toMatch(/8 letters and numbers/);
    expect(message('AB0D-EFGH')).toMatch(/never use 0, O, 1 or I/);
    expect(message('AB#D-EFGH')).toMatch(/cannot contain “#”/);
  });
});
