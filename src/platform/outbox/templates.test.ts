// Placeholders as GOV.UK Notify writes them: found, checked for balanced brackets, filled in.
import { describe, expect, it } from 'vitest';
import { bracketProblem, MissingPersonalisationError, normalisePersonalisation, placeholdersIn, render } from './templates.js';

describe('notification templates', () => {
  it('finds each placeholder once, in order, whatever its case or spacing', () => {
    expect(placeholdersIn('Dear ((name)), ref ((Reference)) and (( reference )) by ((due_date))')).toEqual(['name', 'reference', 'due_date']);
    expect(placeholdersIn('No placeholders (just brackets) here')).toEqual([]);
  });

  it('allows any name but not brackets that do not make a placeholder', () => {
    expect(bracketProblem('Hello ((anything at all)) (in brackets)')).toBeUndefined();
    expect(bracketProblem('Your reference is ((reference')).toBe('has (( without a matching )): write placeholders like ((reference))');
    expect(bracketProblem('Your reference is reference))')).toBe('has )) without a matching ((: write placeholders like ((reference))');
    expect(bracketProblem('Hello (())')).toBe('has an empty placeholder (()): put a name between the brackets, like ((reference))');
    expect(bracketProblem('((name)) and ((ref ((x))')).toBe('has (( without a matching )): write placeholders like ((reference))');
  });

  it('fills in every placeholder, keeping the rest of the text as it is', () => {
    const values = normalisePersonalisation({ Name: 'Jo', reference: 'AB12-CD34', count: 3 });
    expect(render('Dear ((name)), your reference is (( REFERENCE )) (((count)) items).', values, 'x')).toBe('Dear Jo, your reference is AB12-CD34 (3 items).');
    // A value is put in as it stands, never read as a placeholder itself.
    expect(render('((name))', { name: '((reference))' }, 'x')).toBe('((reference))');
  });

  it('names the template and every missing value when personalisation is missing', () => {
    expect(() => render('((a)) ((b)) ((c))', { b: '' }, 'case.received')).toThrow(MissingPersonalisationError);
    expect(() => render('((a)) ((b)) ((c))', { b: '' }, 'case.received')).toThrow('Notification template case.received needs personalisation: a, c');
  });
});
