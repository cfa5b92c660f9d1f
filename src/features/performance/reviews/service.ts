// What managers and the public do with the quarterly Customer Service Review: start a quarter's
// draft, write commentary (one box per red item and one on the executive summary), publish it
// (which freezes the figures and the rendered report: later data and edited targets never change
// them), and correct a published review with a new version and a reason, which supersedes the
// earlier one when published. Every change is audited.
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError, type FieldIssue } from '../../../platform/errors.js';
import { periodEnded, type Period } from '../../../platform/kpi/index.js';
import { formatDate } from '../../../platform/views/environment.js';
import { findCouncil } from '../../council/service.js';
import type { KpiRegistry } from '../registry.js';
import { buildReviewFigures } from './figures.js';
import {
  commentaryFieldId, MAX_COMMENTARY, MAX_REASON, missingCommentary, parseQuarter, SUMMARY_FIELD_ID, type RedItem, type ReviewFigures,
} from './model.js';
import { renderReportHtml, type ReportMeta } from './report.js';
import * as store from './store.js';
import type { PublishedRow, ReviewRow } from './store.js';

export type { PublishedRow, ReviewRow } from './store.js';

export interface ReviewContext {
  db: Db;
  registry: KpiRegistry;
  actor: Actor;
  now: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ReviewNotFound extends Error {}

/** A change to a published review: refused, with the way to issue a correction. */
export class ReviewPublished extends Error {
  constructor(readonly review: ReviewRow) {
    super(`This review was published on ${formatDate(review.publishedAt ?? review.updatedAt)}. To change it, issue a correction.`);
  }
}

/** Publishing refused: each red item without commentary, as a field issue on its box. */
export class CommentaryNeeded extends InvalidInput {
  constructor(readonly items: RedItem[]) {
    super(items.map((item) => ({ field: commentaryFieldId(item.code), message: `Enter commentary on “${item.name}”: it is red this quarter` })));
  }
}

export interface Commentary {
  summary: string;
  /** KPI code → commentary. */
  byCode: Record<string, string>;
}

/** The href of a review's staff page, and of the correction form of a published one. */
export const reviewHref = (id: string): string => `/staff/performance/reviews/${id}`;
export const correctionHref = (id: string): string => `${reviewHref(id)}/correction`;

export async function getReview(db: Db, id: string): Promise<ReviewRow | undefined> {
  return UUID.test(id) ? store.selectReview(db, id) : undefined;
}

export async function getPublished(db: Db, id: string): Promise<PublishedRow | undefined> {
  return UUID.test(id) ? store.selectPublished(db, id) : undefined;
}

export interface ReviewListItem extends ReviewRow {
  period: Period;
  /** A later published version replaced this one. */
  superseded: boolean;
}

/** Every version of every quarter's review, newest quarter first. */
export async function listReviews(db: Db): Promise<ReviewListItem[]> {
  const rows = await store.selectReviews(db);
  return rows.map((r) => ({
    ...r,
    period: parseQuarter(r.periodKey)!,
    superseded: r.status === 'published' && rows.some((o) => o.periodKey === r.periodKey && o.status === 'published' && o.version > r.version),
  }));
}

/** Figures as a draft shows them: computed now, so a draft always shows the latest data. */
export async function draftFigures(ctx: Pick<ReviewContext, 'db' | 'registry' | 'now'>, review: ReviewRow): Promise<ReviewFigures> {
  return buildReviewFigures(ctx.db, ctx.registry, parseQuarter(review.periodKey)!, ctx.now);
}

/**
 * Starts the review of a quarter that has ended, or finds its draft if one was started. A quarter
 * already published is refused (ReviewPublished): it is changed by a correction.
 */
export async function startReview(ctx: ReviewContext, periodKey: string): Promise<{ id: string; created: boolean }> {
  const period = parseQuarter(periodKey);
  if (!period) throw new InvalidInput([{ field: 'period', message: 'Select the quarter to review' }]);
  if (!periodEnded(period, ctx.now)) throw new InvalidInput([{ field: 'period', message: `${period.label} has not ended yet: select a quarter that has ended` }]);
  return inTransaction(ctx.db, async (db) => {
    await store.lockQuarter(db, period.key);
    const versions = await store.selectVersionsOf(db, period.key);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) return { id: draft.id, created: false };
    if (versions.length) throw new ReviewPublished(versions[0]!);
    const id = await store.insertDraft(db, { periodKey: period.key, version: 1, correctionReason: null, summaryCommentary: '', commentary: {}, now: ctx.now, byLabel: ctx.actor.label });
    await recordAudit(db, ctx.actor, { action: 'performance_review.started', subjectType: 'performance_review', subjectId: id, detail: { period: period.key, version: 1 } });
    return { id, created: true };
  });
}

function checkCommentary(commentary: Commentary): void {
  const issues: FieldIssue[] = [];
  if (commentary.summary.length > MAX_COMMENTARY) issues.push({ field: SUMMARY_FIELD_ID, message: `The commentary on the summary must be ${MAX_COMMENTARY.toLocaleString('en-GB')} characters or fewer` });
  for (const [code, text] of Object.entries(commentary.byCode)) {
    if (text.length > MAX_COMMENTARY) issues.push({ field: commentaryFieldId(code), message: `Commentary must be ${MAX_COMMENTARY.toLocaleString('en-GB')} characters or fewer` });
  }
  if (issues.length) throw new InvalidInput(issues);
}

/** Commentary kept: what was there, with what was posted over it; empty boxes are dropped. */
function merged(before: Record<string, string>, posted: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [code, text] of Object.entries({ ...before, ...posted })) if (text.trim()) out[code] = text.trim();
  return out;
}

async function existingDraft(db: Db, id: string, editVersion: number): Promise<ReviewRow> {
  const review = await getReview(db, id);
  if (!review) throw new ReviewNotFound(id);
  if (review.status === 'published') throw new ReviewPublished(review);
  if (review.editVersion !== editVersion) throw new StaleEditError('This review changed since you opened it');
  return review;
}

/** Saves a draft's commentary, if nobody saved it since the user opened it (`editVersion`). Returns the new edit version. */
export async function saveCommentary(ctx: ReviewContext, id: string, editVersion: number, commentary: Commentary): Promise<number> {
  checkCommentary(commentary);
  return inTransaction(ctx.db, async (db) => {
    const review = await existingDraft(db, id, editVersion);
    const byCode = merged(review.commentary, commentary.byCode);
    const summary = commentary.summary.trim();
    if (!(await store.updateCommentary(db, id, editVersion, { summaryCommentary: summary, commentary: byCode, now: ctx.now }))) throw new StaleEditError('This review changed since you opened it');
    const changed = Object.keys({ ...review.commentary, ...byCode }).filter((code) => review.commentary[code] !== byCode[code]);
    await recordAudit(db, ctx.actor, {
      action: 'performance_review.commentary_saved',
      subjectType: 'performance_review',
      subjectId: id,
      detail: { period: review.periodKey, version: review.version, kpis: changed, summary: summary !== review.summaryCommentary },
    });
    return editVersion + 1;
  });
}

/**
 * Saves the commentary and publishes the draft: the figures are computed now and, with the report
 * rendered from them, stored for good. Refused (CommentaryNeeded, the commentary still saved) while
 * a red item has no commentary. Returns the published row.
 */
export async function publishReview(ctx: ReviewContext, id: string, editVersion: number, commentary: Commentary): Promise<PublishedRow> {
  const saved = await saveCommentary(ctx, id, editVersion, commentary);
  const review = (await getReview(ctx.db, id))!;
  const figures = await draftFigures(ctx, review);
  const missing = missingCommentary(figures, review.commentary);
  if (missing.length) throw new CommentaryNeeded(missing);
  const meta = await reportMeta(ctx.db, review, { publishedAt: ctx.now, publishedByLabel: ctx.actor.label });
  const html = await renderReportHtml(figures, meta);
  await inTransaction(ctx.db, async (db) => {
    await store.lockQuarter(db, review.periodKey);
    if (!(await store.markPublished(db, id, saved, { figures, html, now: ctx.now, byLabel: ctx.actor.label }))) throw new StaleEditError('This review changed since you opened it');
    const superseded = (await store.selectVersionsOf(db, review.periodKey)).find((v) => v.status === 'published' && v.version < review.version);
    await recordAudit(db, ctx.actor, {
      action: 'performance_review.published',
      subjectType: 'performance_review',
      subjectId: id,
      detail: { period: review.periodKey, version: review.version, red: figures.summary.red.map((r) => r.code), supersedes: superseded?.id ?? null },
    });
  });
  return (await store.selectPublished(ctx.db, id))!;
}

/**
 * Starts a correction of a published review: a new draft version with the reason, carrying the
 * commentary over, drafted from fresh figures. Only the latest published version is corrected;
 * when a correction is already in draft, that draft is returned.
 */
export async function startCorrection(ctx: ReviewContext, id: string, reason: string): Promise<{ id: string; created: boolean }> {
  const text = reason.trim();
  if (!text) throw new InvalidInput([{ field: 'reason', message: 'Enter why the review is being corrected' }]);
  if (text.length > MAX_REASON) throw new InvalidInput([{ field: 'reason', message: `The reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer` }]);
  const review = await getReview(ctx.db, id);
  if (!review) throw new ReviewNotFound(id);
  if (review.status !== 'published') throw new InvalidInput([{ field: 'reason', message: 'Only a published review can be corrected: this one is still a draft' }]);
  return inTransaction(ctx.db, async (db) => {
    await store.lockQuarter(db, review.periodKey);
    const versions = await store.selectVersionsOf(db, review.periodKey);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) return { id: draft.id, created: false };
    const version = versions[0]!.version + 1;
    const newId = await store.insertDraft(db, {
      periodKey: review.periodKey,
      version,
      correctionReason: text,
      summaryCommentary: review.summaryCommentary,
      commentary: review.commentary,
      now: ctx.now,
      byLabel: ctx.actor.label,
    });
    await recordAudit(db, ctx.actor, {
      action: 'performance_review.correction_started',
      subjectType: 'performance_review',
      subjectId: newId,
      detail: { period: review.periodKey, version, corrects: id, reason: text },
    });
    return { id: newId, created: true };
  });
}

/** What the report says about itself: the council, the quarter, its version and status. */
export async function reportMeta(db: Db, review: ReviewRow, published?: { publishedAt: Date; publishedByLabel: string }): Promise<ReportMeta> {
  const council = await findCouncil(db);
  const at = published?.publishedAt ?? review.publishedAt;
  return {
    councilName: council?.name ?? 'The council',
    version: review.version,
    correctionReason: review.correctionReason,
    publishedOn: at ? at.toISOString() : null,
    summaryCommentary: review.summaryCommentary,
    commentary: review.commentary,
  };
}

// ---- the public page

export interface PublishedQuarter {
  id: string;
  period: Period;
  version: number;
  publishedAt: Date;
  correctionReason: string | null;
}

/** The latest published version of each quarter, newest first: what /performance lists. */
export async function publishedQuarters(db: Db): Promise<PublishedQuarter[]> {
  const ids = new Set(await store.selectLatestPublishedIds(db));
  return (await store.selectReviews(db))
    .filter((r) => ids.has(r.id))
    .map((r) => ({ id: r.id, period: parseQuarter(r.periodKey)!, version: r.version, publishedAt: r.publishedAt!, correctionReason: r.correctionReason }));
}

/** A quarter's latest published review and its earlier published versions (for "corrected" notes). */
export async function publishedReviewOf(db: Db, periodKey: string): Promise<{ latest: PublishedRow; earlier: ReviewRow[] } | undefined> {
  const versions = (await store.selectVersionsOf(db, periodKey)).filter((v) => v.status === 'published');
  if (!versions.length) return undefined;
  return { latest: (await store.selectPublished(db, versions[0]!.id))!, earlier: versions.slice(1) };
}
