import { sql, type Kysely } from 'kysely';

// Customer Insight (features/insight): every piece of customer experience in one queue, what staff
// learn from it (themes) and what the council does about it (actions, with the public "You said,
// we did" wording).
//
// A feedback row is one complaint, compliment, comment, report of a standard not met, or rating
// with a comment. A complaint's detail lives on its own case (features/complaints); its feedback row
// points there. Contact details are kept only when no customer record names the person.
//
// The audit trail (0018) finds the customer an event concerns from its subject: a feedback row is
// its customer's, or its case's customer's. audit_event_customer_of is wrapped (the 0018 version
// kept under another name) rather than copied, so another migration can wrap it the same way.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE feedback (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('complaint', 'compliment', 'comment', 'failed_standard', 'rating')),
      received_at timestamptz NOT NULL,
      -- When it happened, as the person said (a report of a standard not met): a calendar date.
      happened_on date,
      channel text NOT NULL,
      body text NOT NULL DEFAULT '' CHECK (length(body) <= 5000),
      service_id uuid REFERENCES service (id),
      standard_id uuid REFERENCES service_standard (id),
      case_id uuid REFERENCES cases (id),
      customer_id uuid REFERENCES customer (id),
      rating_id uuid,
      contact_name text CHECK (length(contact_name) <= 200),
      contact_email text CHECK (length(contact_email) <= 320),
      contact_phone text CHECK (length(contact_phone) <= 40),
      reviewed boolean NOT NULL DEFAULT false,
      reviewed_at timestamptz,
      reviewed_by_label text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind = 'complaint' OR length(body) > 0 OR kind = 'rating')
    )`.execute(db);
  // The queue: newest first, filtered by kind, service, reviewed or not.
  await sql`CREATE INDEX feedback_received_idx ON feedback (received_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX feedback_kind_idx ON feedback (kind, received_at DESC)`.execute(db);
  await sql`CREATE INDEX feedback_service_idx ON feedback (service_id, received_at DESC) WHERE service_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX feedback_unreviewed_idx ON feedback (received_at DESC) WHERE NOT reviewed`.execute(db);
  await sql`CREATE INDEX feedback_customer_idx ON feedback (customer_id, received_at) WHERE customer_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX feedback_case_idx ON feedback (case_id) WHERE case_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX feedback_rating_idx ON feedback (rating_id) WHERE rating_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE insight_theme (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Unique whatever the case: "Waiting times" and "waiting times" are one theme.
  await sql`CREATE UNIQUE INDEX insight_theme_name_idx ON insight_theme (lower(name))`.execute(db);
  await sql`
    INSERT INTO insight_theme (name) VALUES
      ('Communication'), ('Waiting times'), ('Staff attitude'), ('Missed collections'),
      ('Website and online forms'), ('Accessibility')`.execute(db);

  await sql`
    CREATE TABLE feedback_theme (
      feedback_id uuid NOT NULL REFERENCES feedback (id),
      theme_id uuid NOT NULL REFERENCES insight_theme (id),
      PRIMARY KEY (feedback_id, theme_id)
    )`.execute(db);
  await sql`CREATE INDEX feedback_theme_theme_idx ON feedback_theme (theme_id)`.execute(db);

  await sql`
    CREATE TABLE insight_action (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      plan text NOT NULL DEFAULT '' CHECK (length(plan) <= 5000),
      owner_id uuid REFERENCES staff_user (id),
      service_id uuid REFERENCES service (id),
      due_on date,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
      outcome text NOT NULL DEFAULT '' CHECK (length(outcome) <= 5000),
      you_said text NOT NULL DEFAULT '' CHECK (length(you_said) <= 2000),
      we_did text NOT NULL DEFAULT '' CHECK (length(we_did) <= 2000),
      completed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- Done means the outcome and the public wording are written (the service checks it first, to say so).
      CHECK (status <> 'done' OR (completed_at IS NOT NULL AND outcome <> '' AND you_said <> '' AND we_did <> ''))
    )`.execute(db);
  await sql`CREATE INDEX insight_action_status_idx ON insight_action (status, due_on)`.execute(db);
  await sql`CREATE INDEX insight_action_owner_idx ON insight_action (owner_id) WHERE owner_id IS NOT NULL`.execute(db);
  // "You said, we did": completed actions, newest first.
  await sql`CREATE INDEX insight_action_done_idx ON insight_action (completed_at DESC) WHERE status = 'done'`.execute(db);

  await sql`
    CREATE TABLE insight_action_feedback (
      action_id uuid NOT NULL REFERENCES insight_action (id),
      feedback_id uuid NOT NULL REFERENCES feedback (id),
      PRIMARY KEY (action_id, feedback_id)
    )`.execute(db);
  await sql`CREATE INDEX insight_action_feedback_feedback_idx ON insight_action_feedback (feedback_id)`.execute(db);

  // The audit trail: a feedback row is about its customer, else its case's customer.
  await sql`ALTER FUNCTION audit_event_customer_of(text, text) RENAME TO audit_event_customer_of_before_0021`.execute(db);
  await sql`
    CREATE FUNCTION audit_event_customer_of(kind text, ref text) RETURNS uuid LANGUAGE plpgsql STABLE AS $$
    DECLARE
      found uuid;
    BEGIN
      IF kind = 'feedback' AND ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        SELECT coalesce(f.customer_id, c.customer_id) INTO found FROM feedback f LEFT JOIN cases c ON c.id = f.case_id WHERE f.id = ref::uuid;
        RETURN found;
      END IF;
      RETURN audit_event_customer_of_before_0021(kind, ref);
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER feedback_audit_customer AFTER UPDATE OF customer_id ON feedback
    FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL AND OLD.customer_id IS DISTINCT FROM NEW.customer_id)
    EXECUTE FUNCTION audit_event_link_customer('feedback')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER feedback_audit_customer ON feedback`.execute(db);
  await sql`DROP FUNCTION audit_event_customer_of(text, text)`.execute(db);
  await sql`ALTER FUNCTION audit_event_customer_of_before_0021(text, text) RENAME TO audit_event_customer_of`.execute(db);
  for (const table of ['insight_action_feedback', 'insight_action', 'feedback_theme', 'insight_theme', 'feedback']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
