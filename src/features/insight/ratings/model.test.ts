// The rating form and net satisfaction arithmetic, on fixtures counted by hand.
import { describe, expect, it } from 'vitest';
import { monthName, netOf, netText, ratingGiven, readRatingForm } from './model.js';
import { totalOf, type NetSatisfactionRow } from './service.js';

describe('net satisfaction', () => {
  it('is (good - poor) / responses: 5 good, 2 average, 3 poor is +0.2', () => {
    expect(netOf({ good: 5, average: 2, poor: 3 })).toBeCloseTo(0.2);
    expect(netText(netOf({ good: 5, average: 2, poor: 3 }))).toBe('+0.20');
  });

  it('runs from -1 (all poor) to +1 (all good); average answers count as responses but not either way', () => {
    expect(netOf({ good: 0, average: 0, poor: 4 })).toBe(-1);
    expect(netOf({ good: 4, average: 0, poor: 0 })).toBe(1);
    expect(netOf({ good: 1, average: 2, poor: 1 })).toBe(0);
    expect(netText(-1 / 3)).toBe('−0.33');
    expect(netText(0)).toBe('0.00');
  });

  it('has nothing to divide by without responses: null, "No ratings", never 0', () => {
    expect(netOf({ good: 0, average: 0, poor: 0 })).toBeNull();
    expect(netText(null)).toBe('No ratings');
  });

  it('totals by summing the groups’ counts, not averaging their nets', () => {
    const row = (key: string, good: number, average: number, poor: number): NetSatisfactionRow => ({ key, label: key, good, average, poor, responses: good + average + poor, net: netOf({ good, average, poor }) });
    // Phone +1.00 on 1 response, web -0.33 on 9 (2 good, 4 average, 3 poor): the average of the nets would be +0.33.
    const total = totalOf([row('phone', 1, 0, 0), row('web', 2, 4, 3)]);
    expect(total).toMatchObject({ good: 3, average: 4, poor: 3, responses: 10, net: 0 });
    expect(totalOf([]).net).toBeNull();
  });

  it('names London months', () => {
    expect(monthName('2026-05')).toBe('May 2026');
  });
});

describe('the rating form', () => {
  it('reads good, average and poor as +1, 0 and -1, with an optional reason and comment', () => {
    expect(readRatingForm({ score: 'good', reason: 'quick', comment: '  Thanks  ' }, 'service')).toEqual({ ok: true, value: { score: 1, reason: 'quick', comment: 'Thanks' } });
    expect(readRatingForm({ score: 'average', reason: '', comment: '' }, 'service')).toEqual({ ok: true, value: { score: 0, comment: '' } });
    expect(readRatingForm({ score: 'poor' }, 'form')).toEqual({ ok: true, value: { score: -1, comment: '' } });
  });

  it('asks for the score in words fitting the question, and refuses an unknown reason and a long comment', () => {
    const read = readRatingForm({ reason: 'bribed', comment: 'x'.repeat(1001) }, 'form');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.summary).toEqual([
      { text: 'Select how you rate your experience of using this form', href: '#score' },
      { text: 'Select a reason from the list', href: '#reason' },
      { text: 'Comment must be 1000 characters or fewer', href: '#comment' },
    ]);
    const bad = readRatingForm({ score: 'excellent' }, 'service');
    expect(!bad.ok && bad.errors.summary[0]?.text).toBe('Select how you rate the way we dealt with your request');
  });

  it('names and links fields with a prefix inside a bigger form (the advisor’s contact form)', () => {
    const read = readRatingForm({ ratingComment: 'Lovely' }, 'contact', 'rating');
    expect(!read.ok && read.errors).toEqual({
      summary: [{ text: 'Select how the customer rates this contact, or leave the rating out', href: '#ratingScore' }],
      fields: { ratingScore: { text: 'Select how the customer rates this contact, or leave the rating out' } },
    });
    expect(ratingGiven({ ratingComment: ' ' }, 'rating')).toBe(false);
    expect(ratingGiven({ ratingReason: 'quick' }, 'rating')).toBe(true);
  });
});
