// The one check for text the database cannot store: what it finds, what it leaves alone.
import { describe, expect, it } from 'vitest';
import { findBadText, InvalidText, withoutBadText } from './text-input.js';

describe('findBadText', () => {
  it('finds a NUL or a lone surrogate anywhere in a parsed body, by its path, in the order sent', () => {
    const body = { name: 'Sam\u0000', answers: { notes: ['fine', 'bro\uD800ken'], ok: 'yes' }, n: 3, none: null };
    expect(findBadText(body)).toEqual([
      { path: ['name'], problem: 'null' },
      { path: ['answers', 'notes', '1'], problem: 'surrogate' },
    ]);
  });

  it('leaves ordinary text alone: emoji (a surrogate pair), accents, Welsh, other control characters', () => {
    expect(findBadText({ a: 'Bin missed 😀', b: 'Llanelli ŵ ŷ café', c: 'tab\there\r\n', d: '\uFFFD' })).toEqual([]);
  });

  it('names a bad key by where it is, without the bad character', () => {
    expect(findBadText({ answers: { 'bin\u0000type': 'x' } })).toEqual([{ path: ['answers', 'bintype'], problem: 'null' }]);
  });

  it('walks a body nested deeper than the call stack without failing', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText(deep)).toHaveLength(1);
  });

  it('takes out exactly the characters that cannot be stored', () => {
    expect(withoutBadText('a\u0000b\uD800c\uDC00d😀')).toBe('abcd😀');
  });

  it('is a 400 naming each field by its JSON path', () => {
    const error = new InvalidText(findBadText({ contact: { name: '\u0000' } }));
    expect(error.statusCode).toBe(400);
    expect(error.issues).toEqual([{ field: 'contact.name', message: 'contact.name must not contain a null character' }]);
  });
});
