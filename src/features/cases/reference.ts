// Case references a person can read out on the phone: 8 characters from an alphabet without the
// look-alikes 0/O and 1/I, the last a check character (Luhn mod 32), so a mistyped or
// swapped pair of characters is caught before anyone searches for the wrong case. Shown as XXXX-XXXX.
import { randomInt } from 'node:crypto';

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const N = REFERENCE_ALPHABET.length;
const BODY_LENGTH = 7;

/**
 * Luhn mod N: doubles every second code point from the right. Catches every single-character error
 * and every swap of neighbours except the pair 2 and Z (the first and last characters), Luhn's known blind spot.
 */
export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let value = REFERENCE_ALPHABET.indexOf(body.charAt(i));
    if (value < 0) throw new RangeError(`"${body.charAt(i)}" is not a reference character`);
    if (double) value = Math.floor((value * 2) / N) + ((value * 2) % N);
    sum += value;
  }
  return REFERENCE_ALPHABET.charAt((N - (sum % N)) % N);
}

function format(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

export function newReference(random: (max: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += REFERENCE_ALPHABET.charAt(random(N));
  return format(body + checkCharacter(body));
}

export type ParsedReference = { ok: true; reference: string } | { ok: false; message: string };

/** Accepts what a person types (any case, spaces or dashes); says what is wrong, never guesses. */
export function parseReference(input: string): ParsedReference {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact === '') return { ok: false, message: 'Enter your reference number' };
  if (compact.length !== BODY_LENGTH + 1) return { ok: false, message: 'Your reference number has 8 letters and numbers, like 7KQM-3XW9' };
  const bad = [...compact].find((c) => !REFERENCE_ALPHABET.includes(c));
  if (bad !== undefined) {
    const hint = /[0O1I]/.test(bad) ? ': references never use 0, O, 1 or I' : '';
    return { ok: false, message: `Your reference number cannot contain “${bad}”${hint}` };
  }
  if (checkCharacter(compact.slice(0, BODY_LENGTH)) !== compact.charAt(BODY_LENGTH)) {
    return { ok: false, message: 'Check your reference number: one of the characters is not right' };
  }
  return { ok: true, reference: format(compact) };
}
