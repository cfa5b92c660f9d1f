// Satisfaction ratings on the GovMetric scale: the scores and reasons, the form readers (zod, with
// GOV.UK messages) and net satisfaction as pure arithmetic. No I/O here.
import { z } from 'zod';
import { toFormErrors, type FormErrors } from '../../../platform/web/forms.js';

/** The three answers, as the form posts them, and what each scores. */
export const SCORES = ['good', 'average', 'poor'] as const;
export type ScoreName = (typeof SCORES)[number];
export type Score = -1 | 0 | 1;

export const SCORE_VALUES: Record<ScoreName, Score> = { good: 1, average: 0, poor: -1 };
export const SCORE_NAMES: Record<ScoreName, string> = { good: 'Good', average: 'Average', poor: 'Poor' };

export const scoreName = (score: number): ScoreName => (score > 0 ? 'good' : score < 0 ? 'poor' : 'average');

/**
 * Why, in the words GovMetric-style surveys use: what went well, what did not. One list for every
 * score (a resident may say an average visit was quick), shown good reasons first.
 */
export const REASONS = ['quick', 'helpful', 'easy', 'sorted', 'slow', 'unhelpful', 'hard', 'not_sorted', 'other'] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_NAMES: Record<Reason, string> = {
  quick: 'It was quick',
  helpful: 'Staff or information were helpful',
  easy: 'It was easy to use or understand',
  sorted: 'It sorted out what I needed',
  slow: 'It was slow, or I was kept waiting',
  unhelpful: 'Staff or information were unhelpful',
  hard: 'It was hard to use or understand',
  not_sorted: 'It did not sort out what I needed',
  other: 'Something else',
};

export const MAX_COMMENT = 1000;

/** Where a rating came from: a link in an email, the form after a web request, or an advisor. */
export type RatingSource = 'email_link' | 'web_form' | 'advisor';

/** What a link is for; the web form's link is made when a case is raised on the web. */
export const LINK_PURPOSES = ['acknowledgement', 'closure', 'web'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** How long a link can be used: an email may be read days later; the web form only right away. */
export const LINK_DAYS: Record<LinkPurpose, number> = { acknowledgement: 30, closure: 30, web: 1 };

/** A rating as a person gives it. */
export interface RatingAnswer {
  score: Score;
  reason?: Reason;
  comment: string;
}

/** The question a form asks; the message for a missing answer names it. */
export type Question = 'contact' | 'form' | 'service';

const MISSING_SCORE: Record<Question, string> = {
  form: 'Select how you rate your experience of using this form',
  service: 'Select how you rate the way we dealt with your request',
  contact: 'Select how the customer rates this contact, or leave the rating out',
};

/** The form's fields: `${prefix}Score`, `${prefix}Reason`, `${prefix}Comment` (prefix '' on residents' pages). */
function ratingSchema(question: Question) {
  return z.object({
    score: z.enum(SCORES, { error: MISSING_SCORE[question] }),
    reason: z.union([z.literal(''), z.enum(REASONS)], { error: 'Select a reason from the list' }),
    comment: z.string().trim().max(MAX_COMMENT, { error: `Comment must be ${MAX_COMMENT} characters or fewer` }),
  });
}

type Body = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';

export type RatingReading = { ok: true; value: RatingAnswer } | { ok: false; errors: FormErrors };

/**
 * Reads a rating form. `prefix` names the fields when the rating is part of a bigger form (the
 * advisor's contact form: ratingScore, ratingReason, ratingComment).
 */
export function readRatingForm(body: Body, question: Question, prefix = ''): RatingReading {
  const name = (field: string) => (prefix ? `${prefix}${field.charAt(0).toUpperCase()}${field.slice(1)}` : field);
  const score = first(body[name('score')]);
  const parsed = ratingSchema(question).safeParse({
    // An unset radio is posted as nothing: undefined gives the "select" message.
    score: score === '' ? undefined : score,
    reason: first(body[name('reason')]),
    comment: first(body[name('comment')]),
  });
  // Fields are named (and linked to: the first radio of a group has the group's name as its id) with the prefix.
  if (!parsed.success) {
    const errors = toFormErrors(parsed.error, name);
    return { ok: false, errors: { summary: errors.summary, fields: Object.fromEntries(Object.entries(errors.fields).map(([f, m]) => [name(f), m])) } };
  }
  const { reason, comment } = parsed.data;
  return { ok: true, value: { score: SCORE_VALUES[parsed.data.score], ...(reason && { reason }), comment } };
}

/** True when the advisor filled in any part of the optional rating on the contact form. */
export function ratingGiven(body: Body, prefix: string): boolean {
  return ['Score', 'Reason', 'Comment'].some((f) => first(body[`${prefix}${f}`]).trim() !== '');
}

// ---- net satisfaction

export interface ScoreCounts {
  good: number;
  average: number;
  poor: number;
}

/**
 * Net satisfaction = (good - poor) / responses, from -1 (everyone poor) to +1 (everyone good).
 * With no responses there is nothing to divide by: null, shown as "No ratings", never 0.
 */
export function netOf(counts: ScoreCounts): number | null {
  const responses = counts.good + counts.average + counts.poor;
  return responses === 0 ? null : (counts.good - counts.poor) / responses;
}

/** "+0.20", "-0.33", "0.00"; or "No ratings". Two places, as GovMetric reports it. */
export function netText(net: number | null): string {
  if (net === null) return 'No ratings';
  const rounded = Math.round(net * 100) / 100;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(2)}`;
}

export const GROUPINGS = ['channel', 'service', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const GROUPING_NAMES: Record<Grouping, string> = { channel: 'Channel', service: 'Service', month: 'Month' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-05" as "May 2026". */
export function monthName(key: string): string {
  const [year, month] = key.split('-');
  return `${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** The radios and the reason list of a rating form, with what was chosen. */
export function ratingItems(chosen: { score?: string; reason?: string }) {
  return {
    scores: SCORES.map((s) => ({ value: s, text: SCORE_NAMES[s], checked: s === chosen.score })),
    reasons: [
      { value: '', text: 'Choose a reason (optional)', selected: !chosen.reason },
      ...REASONS.map((r) => ({ value: r, text: REASON_NAMES[r], selected: r === chosen.reason })),
    ],
  };
}
