import { sql, type Kysely } from 'kysely';

// Satisfaction ratings on the GovMetric scale (features/insight/ratings): good (+1), average (0),
// poor (-1), with an optional reason and comment, given through a one-use link in the
// acknowledgement and closure emails, the one-question form after a web request, or recorded by an
// advisor with the contact.
//
// rating_link keeps only a SHA-256 of its token (the token itself is only in the email or on the
// resident's confirmation page), as API keys and tracking links do. A link is used at most once:
// rating.link_id is unique, and the service marks the link used with one conditional UPDATE.

/** The reasons a rating may give, as GovMetric asks them (the names are in ratings/model.ts). */
const REASONS = ['quick', 'helpful', 'easy', 'sorted', 'slow', 'unhelpful', 'hard', 'not_sorted', 'other'];

/** Templates whose emails carry the rating link, and the line that offers it. */
const RATED_TEMPLATES = ['case.acknowledged', 'case.resolved', 'case.closed'];
const RATING_LINE = 'How did we do? Tell us: ((rating_url))';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rating_link (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      case_id uuid NOT NULL REFERENCES cases (id),
      purpose text NOT NULL CHECK (purpose IN ('acknowledgement', 'closure', 'web')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
      used_at timestamptz
    )`.execute(db);
  // The web form's link is made once, when the case is raised: one rating per case from the form.
  await sql`CREATE UNIQUE INDEX rating_link_web_case ON rating_link (case_id) WHERE purpose = 'web'`.execute(db);
  await sql`CREATE INDEX rating_link_case_idx ON rating_link (case_id, purpose) WHERE used_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE rating (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      score smallint NOT NULL CHECK (score IN (-1, 0, 1)),
      reason text CHECK (reason IN (${sql.join(REASONS.map((r) => sql.lit(r)))})),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
      channel text NOT NULL CHECK (length(channel) BETWEEN 1 AND 40),
      source text NOT NULL CHECK (source IN ('email_link', 'web_form', 'advisor')),
      service_id uuid REFERENCES service (id),
      case_id uuid REFERENCES cases (id),
      contact_id uuid REFERENCES contact (id),
      customer_id uuid REFERENCES customer (id),
      link_id uuid UNIQUE REFERENCES rating_link (id),
      recorded_by uuid REFERENCES staff_user (id),
      rated_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- An advisor's rating is the customer's view of a contact; a resident's comes through a link.
      CHECK (source <> 'advisor' OR contact_id IS NOT NULL),
      CHECK (source = 'advisor' OR link_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX rating_rated_at_idx ON rating (rated_at)`.execute(db);
  await sql`CREATE INDEX rating_customer_idx ON rating (customer_id, rated_at) WHERE customer_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX rating_case_idx ON rating (case_id) WHERE case_id IS NOT NULL`.execute(db);
  // 0021 left feedback.rating_id without a key because the rating table came later.
  await sql`ALTER TABLE feedback ADD CONSTRAINT feedback_rating_fk FOREIGN KEY (rating_id) REFERENCES rating (id)`.execute(db);

  // The audit trail: a rating is its customer's, else its case's customer's.
  await sql`ALTER FUNCTION audit_event_customer_of(text, text) RENAME TO audit_event_customer_of_before_0022`.execute(db);
  await sql`
    CREATE FUNCTION audit_event_customer_of(kind text, ref text) RETURNS uuid LANGUAGE plpgsql STABLE AS $$
    DECLARE
      found uuid;
    BEGIN
      IF kind = 'rating' AND ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        SELECT coalesce(r.customer_id, c.customer_id) INTO found FROM rating r LEFT JOIN cases c ON c.id = r.case_id WHERE r.id = ref::uuid;
        RETURN found;
      END IF;
      RETURN audit_event_customer_of_before_0022(kind, ref);
    END $$`.execute(db);

  // The emails that carry the link say so. Only templates not yet offering it are changed, and the
  // line goes before the service's name that closes them, or at the end if an administrator moved it.
  const templates = await sql<{ code: string; email_body: string }>`
    SELECT code, email_body FROM notification_template WHERE code IN (${sql.join(RATED_TEMPLATES)})`.execute(db);
  for (const t of templates.rows) {
    if (t.email_body.includes('((rating_url))')) continue;
    const closing = '\n\n((service))';
    const body = t.email_body.endsWith(closing)
      ? `${t.email_body.slice(0, -closing.length)}\n\n${RATING_LINE}${closing}`
      : `${t.email_body}\n\n${RATING_LINE}`;
    await sql`
      UPDATE notification_template
      SET email_body = ${body},
          placeholders = CASE WHEN 'rating_url' = ANY (placeholders) THEN placeholders ELSE array_append(placeholders, 'rating_url') END,
          version = version + 1, updated_at = now(), updated_by_label = 'CharterDesk'
      WHERE code = ${t.code}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const code of RATED_TEMPLATES) {
    await sql`
      UPDATE notification_template
      SET email_body = replace(replace(email_body, ${`\n\n${RATING_LINE}`}, ''), ${RATING_LINE}, ''),
          placeholders = array_remove(placeholders, 'rating_url'), version = version + 1, updated_at = now()
      WHERE code = ${code}`.execute(db);
  }
  await sql`DROP FUNCTION audit_event_customer_of(text, text)`.execute(db);
  await sql`ALTER FUNCTION audit_event_customer_of_before_0022(text, text) RENAME TO audit_event_customer_of`.execute(db);
  await sql`ALTER TABLE feedback DROP CONSTRAINT feedback_rating_fk`.execute(db);
  await sql`DROP TABLE rating`.execute(db);
  await sql`DROP TABLE rating_link`.execute(db);
}
