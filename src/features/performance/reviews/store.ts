// The SQL of the quarterly reviews (migration 0026). A published row never changes: the database
// refuses it (a trigger), and every update here also asks for status = 'draft' and the edit version
// the user opened, so a stale or late form changes nothing.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { ReviewFigures } from './model.js';

export interface ReviewRow {
  id: string;
  periodKey: string;
  version: number;
  status: 'draft' | 'published';
  correctionReason: string | null;
  summaryCommentary: string;
  commentary: Record<string, string>;
  editVersion: number;
  createdAt: Date;
  createdByLabel: string;
  updatedAt: Date;
  publishedAt: Date | null;
  publishedByLabel: string | null;
}

export interface PublishedRow extends ReviewRow {
  figures: ReviewFigures;
  html: string;
}

const COLUMNS = [
  'id', 'period_key', 'version', 'status', 'correction_reason', 'summary_commentary', 'commentary', 'edit_version',
  'created_at', 'created_by_label', 'updated_at', 'published_at', 'published_by_label',
] as const;

type Raw = {
  id: string; period_key: string; version: number; status: 'draft' | 'published'; correction_reason: string | null; summary_commentary: string;
  commentary: unknown; edit_version: number; created_at: Date; created_by_label: string; updated_at: Date; published_at: Date | null; published_by_label: string | null;
};

/** jsonb comes back parsed on both engines; a string (an older driver setting) is parsed here. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

const toRow = (r: Raw): ReviewRow => ({
  id: r.id,
  periodKey: r.period_key,
  version: r.version,
  status: r.status,
  correctionReason: r.correction_reason,
  summaryCommentary: r.summary_commentary,
  commentary: json<Record<string, string>>(r.commentary) ?? {},
  editVersion: r.edit_version,
  createdAt: r.created_at,
  createdByLabel: r.created_by_label,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
  publishedByLabel: r.published_by_label,
});

export async function selectReview(db: Db, id: string): Promise<ReviewRow | undefined> {
  const row = await db.selectFrom('performance_review').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toRow(row);
}

/** A published review with its frozen figures and HTML. */
export async function selectPublished(db: Db, id: string): Promise<PublishedRow | undefined> {
  const row = await db.selectFrom('performance_review').select([...COLUMNS, 'figures', 'html']).where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
  return row && { ...toRow(row), figures: json<ReviewFigures>(row.figures), html: row.html ?? '' };
}

/** Every version of every quarter, newest quarter first, then newest version. */
export async function selectReviews(db: Db): Promise<ReviewRow[]> {
  const rows = await db.selectFrom('performance_review').select(COLUMNS).orderBy('period_key', 'desc').orderBy('version', 'desc').execute();
  return rows.map((r) => toRow(r as Raw));
}

export async function selectVersionsOf(db: Db, periodKey: string): Promise<ReviewRow[]> {
  const rows = await db.selectFrom('performance_review').select(COLUMNS).where('period_key', '=', periodKey).orderBy('version', 'desc').execute();
  return rows.map((r) => toRow(r as Raw));
}

/** The id of the latest published version of each quarter, newest quarter first. */
export async function selectLatestPublishedIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('performance_review')
    .select(['id', 'period_key'])
    .distinctOn('period_key')
    .where('status', '=', 'published')
    .orderBy('period_key', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertDraft(
  db: Db,
  draft: { periodKey: string; version: number; correctionReason: string | null; summaryCommentary: string; commentary: Record<string, string>; now: Date; byLabel: string },
): Promise<string> {
  const row = await db
    .insertInto('performance_review')
    .values({
      period_key: draft.periodKey,
      version: draft.version,
      status: 'draft',
      correction_reason: draft.correctionReason,
      summary_commentary: draft.summaryCommentary,
      commentary: JSON.stringify(draft.commentary),
      created_at: draft.now,
      created_by_label: draft.byLabel,
      updated_at: draft.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Saves a draft's commentary if it is still a draft at `editVersion`; false if not (stale or published). */
export async function updateCommentary(db: Db, id: string, editVersion: number, change: { summaryCommentary: string; commentary: Record<string, string>; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('performance_review')
    .set({ summary_commentary: change.summaryCommentary, commentary: JSON.stringify(change.commentary), updated_at: change.now, edit_version: sql`edit_version + 1` })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('edit_version', '=', editVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Publishes a draft at `editVersion` with its frozen figures and HTML; false if it was not that draft any more. */
export async function markPublished(db: Db, id: string, editVersion: number, frozen: { figures: ReviewFigures; html: string; now: Date; byLabel: string }): Promise<boolean> {
  const result = await db
    .updateTable('performance_review')
    .set({
      status: 'published',
      figures: JSON.stringify(frozen.figures),
      html: frozen.html,
      published_at: frozen.now,
      published_by_label: frozen.byLabel,
      updated_at: frozen.now,
      edit_version: sql`edit_version + 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('edit_version', '=', editVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Locks a quarter's rows for a change to its versions (a new draft, a correction), so two at once queue. */
export async function lockQuarter(db: Db, periodKey: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`performance_review:${periodKey}`}))`.execute(db);
}
