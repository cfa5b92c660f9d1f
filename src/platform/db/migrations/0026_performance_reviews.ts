import { sql, type Kysely } from 'kysely';

// The quarterly Customer Service Review (features/performance/reviews). One row per version of a
// quarter's review: version 1 is the first, each later one a correction with its reason. A draft
// holds the managers' commentary (one text per red KPI, keyed by the KPI's code, and one on the
// executive summary); publishing stores the figures (JSON) and the rendered report (HTML), which
// never change afterwards: a trigger refuses any change to a published row, so neither later data,
// an edited target nor a bug can rewrite what Cabinet was given. The latest published version of a
// quarter supersedes the earlier ones, which are kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE performance_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      period_key text NOT NULL CHECK (period_key ~ '^[0-9]{4}-Q[1-4]$'),
      version integer NOT NULL CHECK (version >= 1),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
      correction_reason text CHECK (length(correction_reason) BETWEEN 1 AND 2000),
      summary_commentary text NOT NULL DEFAULT '' CHECK (length(summary_commentary) <= 10000),
      commentary jsonb NOT NULL DEFAULT '{}',
      figures jsonb,
      html text,
      edit_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      updated_at timestamptz NOT NULL,
      published_at timestamptz,
      published_by_label text,
      UNIQUE (period_key, version),
      CHECK ((version = 1) = (correction_reason IS NULL)),
      CHECK (status = 'draft' OR (figures IS NOT NULL AND html IS NOT NULL AND published_at IS NOT NULL))
    )`.execute(db);
  // At most one draft of a quarter at a time: a second "start" finds the first.
  await sql`CREATE UNIQUE INDEX performance_review_one_draft ON performance_review (period_key) WHERE status = 'draft'`.execute(db);
  await sql`
    CREATE FUNCTION performance_review_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'performance_review % is published and cannot be changed', OLD.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER performance_review_frozen BEFORE UPDATE OR DELETE ON performance_review
    FOR EACH ROW EXECUTE FUNCTION performance_review_frozen()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE performance_review`.execute(db);
  await sql`DROP FUNCTION performance_review_frozen()`.execute(db);
}
