// The SQL of satisfaction ratings and their one-use links.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Grouping, LinkPurpose, RatingSource, Score } from './model.js';

export interface NewLinkRow {
  tokenHash: string;
  caseId: string;
  purpose: LinkPurpose;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertLink(db: Db, link: NewLinkRow): Promise<string> {
  const row = await db
    .insertInto('rating_link')
    .values({ token_hash: link.tokenHash, case_id: link.caseId, purpose: link.purpose, created_at: link.createdAt, expires_at: link.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface LinkRow {
  id: string;
  caseId: string;
  purpose: LinkPurpose;
  usedAt: Date | null;
  expiresAt: Date;
  reference: string;
}

/** A link by its token's hash, with its case's reference. */
export async function selectLink(db: Db, tokenHash: string): Promise<LinkRow | undefined> {
  const row = await db
    .selectFrom('rating_link as l')
    .innerJoin('cases as c', 'c.id', 'l.case_id')
    .select(['l.id', 'l.case_id', 'l.purpose', 'l.used_at', 'l.expires_at', 'c.reference'])
    .where('l.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && { id: row.id, caseId: row.case_id, purpose: row.purpose, usedAt: row.used_at, expiresAt: row.expires_at, reference: row.reference };
}

/**
 * Locks the links of the same case and purpose as the token's, in id order: two uses at once of the
 * resolved and the closed email's links wait for each other instead of deadlocking.
 */
export async function lockSiblingLinks(db: Db, tokenHash: string): Promise<void> {
  await sql`
    SELECT l.id FROM rating_link l
    WHERE (l.case_id, l.purpose) = (SELECT t.case_id, t.purpose FROM rating_link t WHERE t.token_hash = ${tokenHash})
    ORDER BY l.id FOR UPDATE`.execute(db);
}

/**
 * Marks the link used if it still can be, in one statement: of two people (or two clicks) using
 * the same link at once, exactly one gets the row back.
 */
export async function claimLink(db: Db, tokenHash: string, now: Date): Promise<{ id: string; caseId: string; purpose: LinkPurpose } | undefined> {
  const row = await db
    .updateTable('rating_link')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'case_id', 'purpose'])
    .executeTakeFirst();
  return row && { id: row.id, caseId: row.case_id, purpose: row.purpose };
}

/** The case's other open links for the same purpose (the resolved and the closed email): one rating is enough. */
export async function closeSiblingLinks(db: Db, link: { id: string; caseId: string; purpose: LinkPurpose }, now: Date): Promise<void> {
  await db
    .updateTable('rating_link')
    .set({ used_at: now })
    .where('case_id', '=', link.caseId)
    .where('purpose', '=', link.purpose)
    .where('id', '!=', link.id)
    .where('used_at', 'is', null)
    .execute();
}

/** What a rating of a case records about it: read from the case, never asked of the resident. */
export async function selectCaseFacts(db: Db, caseId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('service as s', 's.id', 'c.service_id')
    .select(['c.id', 'c.reference', 'c.channel', 'c.service_id as serviceId', 'c.customer_id as customerId', 's.name as serviceName'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

export interface NewRatingRow {
  score: Score;
  reason: string | null;
  comment: string;
  channel: string;
  source: RatingSource;
  serviceId: string | null;
  caseId: string | null;
  contactId: string | null;
  customerId: string | null;
  linkId: string | null;
  recordedBy: string | null;
  ratedAt: Date;
}

export async function insertRating(db: Db, r: NewRatingRow): Promise<string> {
  const row = await db
    .insertInto('rating')
    .values({
      score: r.score, reason: r.reason, comment: r.comment, channel: r.channel, source: r.source, service_id: r.serviceId, case_id: r.caseId,
      contact_id: r.contactId, customer_id: r.customerId, link_id: r.linkId, recorded_by: r.recordedBy, rated_at: r.ratedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CountRow {
  key: string;
  /** The service's name when grouping by service; the caller names channels and months. */
  label: string | null;
  good: number;
  average: number;
  poor: number;
  responses: number;
  net: number | null;
}

function grouping(by: Grouping) {
  switch (by) {
    case 'channel':
      return { key: sql<string>`rating.channel`, label: sql<string | null>`NULL::text` };
    case 'service':
      return { key: sql<string>`coalesce(rating.service_id::text, '')`, label: sql<string | null>`min(service.name)` };
    case 'month':
      // Business months are London's: a rating at 00:30 on 1 May BST belongs to May.
      return { key: sql<string>`to_char(rating.rated_at AT TIME ZONE 'Europe/London', 'YYYY-MM')`, label: sql<string | null>`NULL::text` };
  }
}

/** Good, average and poor per group over [from, to), and net satisfaction worked out by the database. */
export async function countScores(db: Db, range: { from: Date; to: Date }, by: Grouping): Promise<CountRow[]> {
  const g = grouping(by);
  const rows = await db
    .selectFrom('rating')
    .leftJoin('service', 'service.id', 'rating.service_id')
    .select([
      g.key.as('key'),
      g.label.as('label'),
      sql<string>`count(*) FILTER (WHERE rating.score = 1)`.as('good'),
      sql<string>`count(*) FILTER (WHERE rating.score = 0)`.as('average'),
      sql<string>`count(*) FILTER (WHERE rating.score = -1)`.as('poor'),
      sql<string>`count(*)`.as('responses'),
      // numeric, not integer division; both engines give it back as text.
      sql<string | null>`round(sum(rating.score)::numeric / nullif(count(*), 0), 4)`.as('net'),
    ])
    .where('rating.rated_at', '>=', range.from)
    .where('rating.rated_at', '<', range.to)
    .groupBy(g.key)
    .orderBy(g.key)
    .execute();
  return rows.map((r) => ({
    key: String(r.key),
    label: r.label,
    good: Number(r.good),
    average: Number(r.average),
    poor: Number(r.poor),
    responses: Number(r.responses),
    net: r.net === null ? null : Number(r.net),
  }));
}

export interface CustomerRatingRow {
  id: string;
  ratedAt: Date;
  score: Score;
  reason: string | null;
  comment: string;
  channel: string;
  source: RatingSource;
  serviceName: string | null;
  caseReference: string | null;
}

/** A customer's ratings, newest first: their own, and those given about their cases. */
export async function selectCustomerRatings(db: Db, customerId: string, limit: number): Promise<CustomerRatingRow[]> {
  const rows = await db
    .selectFrom('rating as r')
    .leftJoin('service as s', 's.id', 'r.service_id')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.rated_at', 'r.score', 'r.reason', 'r.comment', 'r.channel', 'r.source', 's.name as service_name', 'c.reference'])
    .where((eb) => eb.or([eb('r.customer_id', '=', customerId), eb.and([eb('r.customer_id', 'is', null), eb('c.customer_id', '=', customerId)])]))
    .orderBy('r.rated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id, ratedAt: r.rated_at, score: r.score, reason: r.reason, comment: r.comment, channel: r.channel, source: r.source, serviceName: r.service_name, caseReference: r.reference,
  }));
}
