import { sql, type Kysely } from 'kysely';

// The action plan (features/performance/action-plan): the strategy's route plan. Objectives hold
// actions; an action has an owner (a member of staff), a due date, a status, a RAG status managers
// set, dated progress notes, and the KPIs it should move. A service migration (moving a service's
// front-line contact into customer services) is a kind of action with its service and planned date.
//
// Statuses use insight actions' codes ('open' is shown as "Not started"), so one overdue rule
// serves both. action_plan_overdue_notice says an owner was told an action was overdue for one due
// date: at most once per due date (its primary key), and again when the date moves and passes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE action_plan_objective (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      position integer NOT NULL CHECK (position BETWEEN 1 AND 999),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE action_plan_action (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      objective_id uuid NOT NULL REFERENCES action_plan_objective (id),
      kind text NOT NULL DEFAULT 'action' CHECK (kind IN ('action', 'service_migration')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      owner_id uuid NOT NULL REFERENCES staff_user (id),
      due_on date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
      rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
      -- A service migration's service and planned date; an ordinary action has neither.
      service_id uuid REFERENCES service (id),
      planned_on date,
      kpi_codes text[] NOT NULL DEFAULT '{}',
      -- When it was completed or cancelled; null while it is still to do.
      closed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((kind = 'service_migration') = (service_id IS NOT NULL AND planned_on IS NOT NULL)),
      CHECK ((status IN ('done', 'cancelled')) = (closed_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX action_plan_action_objective_idx ON action_plan_action (objective_id, due_on)`.execute(db);
  await sql`CREATE INDEX action_plan_action_owner_idx ON action_plan_action (owner_id)`.execute(db);
  // The overdue job's look: actions still to do, by due date.
  await sql`CREATE INDEX action_plan_action_open_idx ON action_plan_action (due_on) WHERE status IN ('open', 'in_progress')`.execute(db);

  await sql`
    CREATE TABLE action_plan_progress (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      action_id uuid NOT NULL REFERENCES action_plan_action (id),
      noted_at timestamptz NOT NULL,
      by_id uuid,
      by_label text NOT NULL,
      note text NOT NULL CHECK (length(note) BETWEEN 1 AND 5000),
      -- A manager's change of RAG with the note, and what it was before; null when unchanged.
      rag text CHECK (rag IN ('red', 'amber', 'green')),
      rag_before text CHECK (rag_before IN ('red', 'amber', 'green'))
    )`.execute(db);
  await sql`CREATE INDEX action_plan_progress_action_idx ON action_plan_progress (action_id, noted_at DESC)`.execute(db);

  await sql`
    CREATE TABLE action_plan_overdue_notice (
      action_id uuid NOT NULL REFERENCES action_plan_action (id),
      due_on date NOT NULL,
      notified_at timestamptz NOT NULL,
      -- The message queued (platform/outbox), set in the same transaction as the claim.
      notification_id uuid,
      PRIMARY KEY (action_id, due_on)
    )`.execute(db);

  await sql`
    INSERT INTO notification_template (code, name, description, placeholders, email_subject, email_body, sms_body)
    VALUES (${TEMPLATE.code}, ${TEMPLATE.name}, ${TEMPLATE.description}, ${TEMPLATE.placeholders}, ${TEMPLATE.emailSubject}, ${TEMPLATE.emailBody}, ${TEMPLATE.smsBody})`.execute(db);
}

const TEMPLATE = {
  code: 'action_plan.overdue',
  name: 'Action plan action overdue',
  description: 'Sent to the owner of an action in the action plan the day after its due date passes, once for each due date.',
  placeholders: ['name', 'title', 'objective', 'due_date', 'status', 'action_url'],
  emailSubject: 'Overdue: ((title))',
  emailBody: [
    'Hello ((name))',
    'The action “((title))” in the customer service action plan was due on ((due_date)). It is not marked complete: its status is ((status)).',
    'It is part of the objective “((objective))”.',
    'Add a progress note saying where it stands, or ask the action plan’s manager to agree a new due date:\n((action_url))',
  ].join('\n\n'),
  smsBody: 'Overdue action: ((title)) was due on ((due_date)). Add a progress note: ((action_url))',
};

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM notification WHERE template_code = ${TEMPLATE.code}`.execute(db);
  await sql`DELETE FROM notification_template WHERE code = ${TEMPLATE.code}`.execute(db);
  for (const table of ['action_plan_overdue_notice', 'action_plan_progress', 'action_plan_action', 'action_plan_objective']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
