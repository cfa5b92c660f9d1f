// What residents and staff do with satisfaction ratings: rate through a one-use link (in the
// acknowledgement and closure emails, or on the confirmation page after a web request), have an
// advisor record the customer's rating of a contact, and read net satisfaction by channel, service
// and month. A rating with a comment also goes to the Customer Insight queue, in the same transaction.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { CHANNEL_NAMES, UUID, type Channel } from '../../charter/model.js';
import { recordFeedback } from '../service.js';
import { GROUPINGS, LINK_DAYS, MAX_COMMENT, monthName, netOf, ratingItems, REASONS, type Grouping, type LinkPurpose, type RatingAnswer, type RatingSource, type Score } from './model.js';
import * as store from './store.js';

export type { CustomerRatingRow } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
/** A token as we make them: 32 base64url characters. Anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

export interface NewRating {
  score: Score;
  reason?: string;
  comment?: string;
  /** The channel of what is rated (a Channel code): the contact's, or the case's. */
  channel: string;
  source: RatingSource;
  serviceId?: string | null;
  caseId?: string | null;
  /** The contact an advisor recorded it with. */
  contactId?: string | null;
  customerId?: string | null;
  linkId?: string | null;
  /** The member of staff who recorded it; null when the resident rated for themselves. */
  recordedBy?: string | null;
  ratedAt: Date;
}

const id = z.string().regex(UUID, { error: 'Not a known record' }).nullish();

/** The rules every rating keeps, whoever records it (the forms check the same with friendlier words first). */
export const newRatingSchema = z.object({
  score: z.union([z.literal(-1), z.literal(0), z.literal(1)], { error: 'Select good, average or poor' }),
  reason: z.enum(REASONS, { error: 'Select a reason from the list' }).optional(),
  comment: z.string().trim().max(MAX_COMMENT, { error: `Comment must be ${MAX_COMMENT} characters or fewer` }).default(''),
  channel: z.string().refine((c) => c in CHANNEL_NAMES, { error: 'Select the channel' }),
  source: z.enum(['email_link', 'web_form', 'advisor']),
  serviceId: id,
  caseId: id,
  contactId: id,
  customerId: id,
  linkId: id,
  recordedBy: id,
  ratedAt: z.date(),
});

/**
 * Records a rating, its audit event and, when it has a comment, its place in the insight queue.
 * Joins the caller's transaction when there is one (logging a contact with its rating is one change).
 */
export async function recordRating(db: Db, actor: Actor, input: NewRating): Promise<string> {
  const parsed = newRatingSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInput(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'rating'), message: i.message })));
  const r = parsed.data;
  if (r.source === 'advisor' && !r.contactId) throw new InvalidInput([{ field: 'contactId', message: 'An advisor records a rating with the contact' }]);
  return inTransaction(db, async (trx) => {
    const ratingId = await store.insertRating(trx, {
      score: r.score, reason: r.reason ?? null, comment: r.comment, channel: r.channel, source: r.source, serviceId: r.serviceId ?? null, caseId: r.caseId ?? null,
      contactId: r.contactId ?? null, customerId: r.customerId ?? null, linkId: r.linkId ?? null, recordedBy: r.recordedBy ?? null, ratedAt: r.ratedAt,
    });
    await recordAudit(trx, actor, {
      action: 'rating.recorded',
      subjectType: 'rating',
      subjectId: ratingId,
      detail: { score: r.score, reason: r.reason ?? null, channel: r.channel, source: r.source, caseId: r.caseId ?? null, contactId: r.contactId ?? null, comment: r.comment !== '' },
    });
    // What people say is insight; a bare score is a number for the figures.
    if (r.comment) {
      await recordFeedback(trx, actor, {
        kind: 'rating', receivedAt: r.ratedAt, channel: r.channel, body: r.comment, ratingId,
        serviceId: r.serviceId ?? null, caseId: r.caseId ?? null, customerId: r.customerId ?? null,
      });
    }
    return ratingId;
  });
}

// ---- one-use links

async function newLink(db: Db, link: { caseId: string; purpose: LinkPurpose; now: Date }): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await store.insertLink(db, {
    tokenHash: hashToken(token), caseId: link.caseId, purpose: link.purpose, createdAt: link.now, expiresAt: new Date(link.now.getTime() + LINK_DAYS[link.purpose] * DAY_MS),
  });
  return token;
}

/**
 * A one-use link to rate how the case was dealt with, for an email: its path, `/rate/<token>`.
 * Called inside the case change that sends the email, so the link exists exactly when the email does.
 */
export async function createRatingLink(trx: Db, link: { caseId: string; purpose: 'acknowledgement' | 'closure'; now: Date }): Promise<string> {
  return `/rate/${await newLink(trx, link)}`;
}

/**
 * The secret of the one-question form shown after a web request: made once per case (a second call
 * finds the first one made and gives undefined), shown only on the confirmation page in the
 * browser that raised the case.
 */
export async function createWebRatingToken(db: Db, link: { caseId: string; now: Date }): Promise<string> {
  return newLink(db, { ...link, purpose: 'web' });
}

export type LinkState =
  | { status: 'open'; purpose: LinkPurpose; reference: string; serviceName: string }
  | { status: 'used'; reference: string }
  | { status: 'not_found' };

/** What a link can do now, for the page it opens (reading it never uses it: mail scanners follow links). */
export async function checkRatingLink(db: Db, token: string, now: Date, expect?: { purpose: 'web'; reference: string }): Promise<LinkState> {
  if (!TOKEN.test(token)) return { status: 'not_found' };
  const link = await store.selectLink(db, hashToken(token));
  if (!link || (expect && (link.purpose !== expect.purpose || link.reference !== expect.reference)) || (!expect && link.purpose === 'web')) return { status: 'not_found' };
  if (link.usedAt) return { status: 'used', reference: link.reference };
  if (link.expiresAt <= now) return { status: 'not_found' };
  const facts = await store.selectCaseFacts(db, link.caseId);
  return { status: 'open', purpose: link.purpose, reference: link.reference, serviceName: facts?.serviceName ?? '' };
}

/** What the confirmation page after a web request needs to show the one-question form, or undefined when it should not. */
export async function webRatingForm(db: Db, reference: string, token: string | undefined, now: Date) {
  if (!token) return undefined;
  const state = await checkRatingLink(db, token, now, { purpose: 'web', reference });
  return state.status === 'open' ? { action: `/rate/web/${reference}`, token, items: ratingItems({}) } : undefined;
}

export type LinkUse = { status: 'recorded'; ratingId: string; reference: string } | { status: 'used'; reference: string } | { status: 'not_found' };

/**
 * Rates through a link: marks it used (one UPDATE ... WHERE used_at IS NULL AND expires_at > now)
 * and records the rating in one transaction. A link already used is refused; an unknown or
 * expired one is not found. The rating is about the case: its service, its customer, and the
 * channel the resident used to ask (the web form's is the web).
 * `expect` narrows the link to the web form of one case (`/rate/web/<reference>`).
 */
export async function useRatingLink(db: Db, actor: Actor, use: { token: string; answer: RatingAnswer; now: Date; expect?: { purpose: 'web'; reference: string } }): Promise<LinkUse> {
  const state = await checkRatingLink(db, use.token, use.now, use.expect);
  if (state.status !== 'open') return state;
  return inTransaction(db, async (trx) => {
    await store.lockSiblingLinks(trx, hashToken(use.token));
    const link = await store.claimLink(trx, hashToken(use.token), use.now);
    // Used (or expired) between the check and now: the other use won.
    if (!link) return { status: 'used', reference: state.reference } as const;
    await store.closeSiblingLinks(trx, link, use.now);
    const kase = await store.selectCaseFacts(trx, link.caseId);
    if (!kase) return { status: 'not_found' } as const;
    const ratingId = await recordRating(trx, actor, {
      ...use.answer,
      channel: link.purpose === 'web' ? 'web' : kase.channel,
      source: link.purpose === 'web' ? 'web_form' : 'email_link',
      serviceId: kase.serviceId, caseId: kase.id, customerId: kase.customerId, linkId: link.id, ratedAt: use.now,
    });
    return { status: 'recorded', ratingId, reference: kase.reference } as const;
  });
}

// ---- net satisfaction

export interface NetSatisfactionRow {
  key: string;
  label: string;
  good: number;
  average: number;
  poor: number;
  responses: number;
  /** (good - poor) / responses, from -1 to +1; null with no responses. */
  net: number | null;
}

/**
 * Net satisfaction per channel, service or London month over [from, to), worked out in SQL.
 * Groups with no ratings are not listed. For the ratings page and, later, the KPIs.
 */
export async function netSatisfaction(db: Db, query: { from: Date; to: Date; by: Grouping }): Promise<NetSatisfactionRow[]> {
  if (!GROUPINGS.includes(query.by)) throw new InvalidInput([{ field: 'by', message: 'Choose channel, service or month' }]);
  const rows = await store.countScores(db, query, query.by);
  const label = (r: store.CountRow): string => {
    if (query.by === 'channel') return CHANNEL_NAMES[r.key as Channel] ?? r.key;
    if (query.by === 'month') return monthName(r.key);
    return r.label ?? 'No service recorded';
  };
  const named = rows.map((r) => ({ ...r, label: label(r) }));
  return query.by === 'service' ? named.sort((a, b) => a.label.localeCompare(b.label)) : named;
}

/** The whole period's figures: the groups' counts summed (not an average of their nets). */
export function totalOf(rows: readonly NetSatisfactionRow[]): NetSatisfactionRow {
  const sum = (f: 'good' | 'average' | 'poor') => rows.reduce((n, r) => n + r[f], 0);
  const good = sum('good');
  const average = sum('average');
  const poor = sum('poor');
  return { key: 'total', label: 'All ratings', good, average, poor, responses: good + average + poor, net: netOf({ good, average, poor }) };
}

/** A customer's ratings for their single view, newest first. */
export function listCustomerRatings(db: Db, customerId: string, limit = 200): Promise<store.CustomerRatingRow[]> {
  return store.selectCustomerRatings(db, customerId, limit);
}
