// What we read from an email: references with a valid check character (and nothing that merely
// looks like one), the reply above the quoted history as the common mail programs write it, and
// the signs of mail a machine sent.
import { describe, expect, it } from 'vitest';
import { newReference } from '../cases/reference.js';
import { caseMessage } from './service.js';
import { findReferences, isAutomatic, limitText, replyText, sameAddress } from './model.js';

const reference = newReference();
const mistyped = `${reference.slice(0, 8)}${reference.charAt(8) === 'A' ? 'B' : 'A'}`;
const headers = (entries: Record<string, unknown>) => new Map(Object.entries(entries));

describe('findReferences', () => {
  it('finds a reference in the subject, in any letter case, and then in the body', () => {
    const other = newReference();
    expect(findReferences(`Re: Your request ${reference}`, `About ${other.toLowerCase()} too`)).toEqual([reference, other]);
  });

  it('ignores a reference whose check character is wrong, and words that only look like one', () => {
    expect(findReferences(`Re: ${mistyped}`, 'A self-help guide, well-done WXYZ-ABCDE')).toEqual([]);
  });

  it('counts a reference once however often it is quoted', () => {
    expect(findReferences(reference, `> Your reference is ${reference}`)).toEqual([reference]);
  });
});

describe('replyText', () => {
  it('keeps what was written above a Gmail or Apple Mail attribution, without the quoted lines', () => {
    const body = 'It was the green bin.\n\nThanks, Sam\n\nOn Tue, 7 Apr 2026 at 10:00, Brackenfield Council <noreply@brackenfield.example> wrote:\n> Which bin was missed?\n> Your reference is HN4K-7PQ2';
    expect(replyText(body)).toBe('It was the green bin.\n\nThanks, Sam');
  });

  it('cuts at an attribution Gmail wrapped over two lines, and at Outlook’s header block', () => {
    expect(replyText('Yes please.\n\nOn Tue, 7 Apr 2026 at 10:00, Brackenfield Council <\nnoreply@brackenfield.example> wrote:\n\nWhich bin?')).toBe('Yes please.');
    expect(replyText('Done.\r\n\r\nFrom: Brackenfield Council <noreply@brackenfield.example>\r\nSent: 07 April 2026 10:00\r\nSubject: Your request')).toBe('Done.');
    expect(replyText('Done.\n-----Original Message-----\nWhich bin?')).toBe('Done.');
  });

  it('keeps text written between quoted lines (an inline reply) and a sentence that merely starts with “On”', () => {
    expect(replyText('> Which bin?\nThe green one.\n> When?\nOn Monday morning.')).toBe('The green one.\nOn Monday morning.');
  });
});

describe('isAutomatic', () => {
  it('recognises automatic replies, bounces and delivery reports, and not a person’s mail', () => {
    expect(isAutomatic(headers({ 'auto-submitted': 'auto-replied' }), 'sam@example.com')).toBe(true);
    expect(isAutomatic(headers({ precedence: 'bulk' }), 'sam@example.com')).toBe(true);
    expect(isAutomatic(headers({ 'x-autoreply': 'yes' }), 'sam@example.com')).toBe(true);
    expect(isAutomatic(headers({ 'content-type': { value: 'multipart/report', params: {} } }), 'mailer-daemon@example.com')).toBe(true);
    expect(isAutomatic(headers({}), '')).toBe(true);
    expect(isAutomatic(headers({ 'auto-submitted': 'no' }), 'sam@example.com')).toBe(false);
  });
});

describe('limits and comparisons', () => {
  it('cuts long text, saying how much was left out, within the limit', () => {
    const cut = limitText('x'.repeat(200), 100, (n) => ` [${n} more]`);
    expect(cut).toHaveLength(100);
    expect(cut.endsWith(' [100 more]')).toBe(true);
  });

  it('compares addresses without regard to case, and never matches an empty address', () => {
    expect(sameAddress(' Sam.Green@Example.com', 'sam.green@example.com')).toBe(true);
    expect(sameAddress('', '')).toBe(false);
    expect(sameAddress(undefined, 'sam@example.com')).toBe(false);
  });

  it('adds the reply to a case within the case’s limit, saying when files came with it', () => {
    expect(caseMessage('Photo attached.\n\nOn Tue, 7 Apr 2026, Council <a@b.example> wrote:\n> Hi', 2)).toBe('Photo attached.\n\n[The email came with 2 attachments.]');
    expect(caseMessage('', 1)).toBe('[The email came with 1 attachment.]');
    expect(caseMessage('y'.repeat(6000), 0)).toHaveLength(5000);
  });
});
