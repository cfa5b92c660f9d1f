import { sql, type Kysely } from 'kysely';

// The job queue and the notification outbox (platform/jobs, platform/outbox). Both are tables that
// workers claim rows from with FOR UPDATE SKIP LOCKED, so any number of processes can share them.

interface SeedTemplate {
  code: string;
  name: string;
  description: string;
  placeholders: string[];
  emailSubject: string;
  emailBody: string;
  smsBody: string;
}

const RESIDENT = ['name', 'reference', 'service', 'request_type', 'due_date', 'tracking_url', 'message', 'status'];
const STAFF = ['name', 'reference', 'service', 'request_type', 'due_date', 'status', 'case_url'];

// The default wording as shipped. A migration is history, so this is a copy frozen in time:
// administrators' later changes live in the notification_template table, never here.
const TEMPLATES: SeedTemplate[] = [
  {
    code: 'case.received',
    name: 'Request received',
    description: 'Sent to the resident as soon as we receive their request.',
    placeholders: RESIDENT,
    emailSubject: 'We have your request – reference ((reference))',
    emailBody: [
      'Dear ((name))',
      'We have your request about ((request_type)).',
      'Your reference number is ((reference)). Please quote it if you contact us about this request.',
      'We aim to deal with it by ((due_date)).',
      'You can check its progress online at any time:\n((tracking_url))',
      '((service))',
    ].join('\n\n'),
    smsBody: 'We have your request about ((request_type)). Your reference is ((reference)). We aim to deal with it by ((due_date)). Track it: ((tracking_url))',
  },
  {
    code: 'case.acknowledged',
    name: 'Request acknowledged',
    description: 'Sent to the resident when an officer has looked at their request and is dealing with it.',
    placeholders: RESIDENT,
    emailSubject: 'We are dealing with your request – reference ((reference))',
    emailBody: [
      'Dear ((name))',
      'An officer has looked at your request about ((request_type)) and is dealing with it.',
      'We aim to deal with it by ((due_date)).',
      'You can check its progress online at any time:\n((tracking_url))',
      'Your reference number is ((reference)).',
      '((service))',
    ].join('\n\n'),
    smsBody: 'We are dealing with your request ((reference)) about ((request_type)). We aim to finish by ((due_date)). Track it: ((tracking_url))',
  },
  {
    code: 'case.public_update',
    name: 'Update from an officer',
    description: 'Sent to the resident when an officer adds an update that the resident can see.',
    placeholders: RESIDENT,
    emailSubject: 'An update on your request – reference ((reference))',
    emailBody: [
      'Dear ((name))',
      'There is an update on your request about ((request_type)):',
      '((message))',
      'You can check its progress online at any time:\n((tracking_url))',
      'Your reference number is ((reference)).',
      '((service))',
    ].join('\n\n'),
    smsBody: 'Update on your request ((reference)): ((message)) Track it: ((tracking_url))',
  },
  {
    code: 'case.information_requested',
    name: 'We need more information',
    description: 'Sent to the resident when we cannot go on with their request until they tell us more.',
    placeholders: RESIDENT,
    emailSubject: 'We need more information – reference ((reference))',
    emailBody: [
      'Dear ((name))',
      'We need more information before we can finish dealing with your request about ((request_type)):',
      '((message))',
      'To reply, answer this email or send your reply online:\n((tracking_url))',
      'Please quote your reference number, ((reference)).',
      '((service))',
    ].join('\n\n'),
    smsBody: 'We need more information about your request ((reference)): ((message)) Reply online: ((tracking_url))',
  },
  {
    code: 'case.resolved',
    name: 'Request resolved',
    description: 'Sent to the resident when we have finished dealing with their request, with what we did.',
    placeholders: RESIDENT,
    emailSubject: 'Your request has been resolved – reference ((reference))',
    emailBody: [
      'Dear ((name))',
      'We have finished dealing with your request about ((request_type)).',
      '((message))',
      'If you think we have not put things right, reply to this email or contact us, quoting your reference number ((reference)).',
      'You can see the details online:\n((tracking_url))',
      '((service))',
    ].join('\n\n'),
    smsBody: 'Your request ((reference)) about ((request_type)) has been resolved. ((message)) Details: ((tracking_url))',
  },
  {
    code: 'case.closed',
    name: 'Request closed',
    description: 'Sent to the resident when their request is closed, with the outcome.',
    placeholders: RESIDENT,
    emailSubject: 'Your request has been closed – reference ((reference))',
    emailBody: [
      'Dear ((name))',
      'We have closed your request about ((request_type)).',
      'Outcome: ((status))',
      '((message))',
      'If you need to contact us about it, quote your reference number ((reference)).',
      'You can see the details online:\n((tracking_url))',
      '((service))',
    ].join('\n\n'),
    smsBody: 'Your request ((reference)) about ((request_type)) is closed. Outcome: ((status)). Details: ((tracking_url))',
  },
  {
    code: 'staff.case_at_risk',
    name: 'Case at risk of missing its standard',
    description: 'Sent to the officer or team lead when an open case is close to its due date.',
    placeholders: STAFF,
    emailSubject: 'At risk: case ((reference)) is due by ((due_date))',
    emailBody: [
      'Hello ((name))',
      'Case ((reference)), ((request_type)) for ((service)), is at risk of missing its service standard. It is due by ((due_date)).',
      'Current status: ((status))',
      'Open the case:\n((case_url))',
    ].join('\n\n'),
    smsBody: 'At risk: case ((reference)), ((request_type)), is due by ((due_date)). ((case_url))',
  },
  {
    code: 'staff.case_breached',
    name: 'Case has missed its standard',
    description: 'Sent to the officer or team lead when an open case has passed its due date.',
    placeholders: STAFF,
    emailSubject: 'Missed: case ((reference)) was due by ((due_date))',
    emailBody: [
      'Hello ((name))',
      'Case ((reference)), ((request_type)) for ((service)), has missed its service standard. It was due by ((due_date)).',
      'Current status: ((status))',
      'Please act on it today and record what you did on the case:\n((case_url))',
    ].join('\n\n'),
    smsBody: 'Missed: case ((reference)) was due by ((due_date)). Please act on it today. ((case_url))',
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await createJobTable(db);
  await createTemplateTable(db);
  await createNotificationTable(db);
}

async function createJobTable(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE job (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
      payload jsonb NOT NULL DEFAULT '{}',
      run_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
      locked_until timestamptz,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      singleton_key text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Workers look only at jobs still to do: the index stays small however many are done.
  await sql`CREATE INDEX job_due_idx ON job (run_at) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db);
  // "Enqueue once": at most one job still to do per kind and key. Done or failed jobs do not count,
  // so the same key can be used again once the job has run.
  await sql`CREATE UNIQUE INDEX job_singleton_key ON job (kind, singleton_key) WHERE singleton_key IS NOT NULL AND done_at IS NULL AND failed_at IS NULL`.execute(db);
}

async function createTemplateTable(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_template (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]+(\\.[a-z0-9_]+)*$'),
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      placeholders text[] NOT NULL DEFAULT '{}',
      email_subject text NOT NULL,
      email_body text NOT NULL,
      sms_body text NOT NULL,
      notify_email_template_id uuid,
      notify_sms_template_id uuid,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by_label text NOT NULL DEFAULT 'CharterDesk'
    )`.execute(db);
  for (const t of TEMPLATES) {
    await sql`
      INSERT INTO notification_template (code, name, description, placeholders, email_subject, email_body, sms_body)
      VALUES (${t.code}, ${t.name}, ${t.description}, ${t.placeholders}, ${t.emailSubject}, ${t.emailBody}, ${t.smsBody})`.execute(db);
  }
}

async function createNotificationTable(db: Kysely<unknown>): Promise<void> {
  // subject and body are rendered when the message is queued, so a later template edit never
  // changes what a resident was told. case_id has no foreign key: the outbox knows nothing of cases.
  await sql`
    CREATE TABLE notification (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template_code text NOT NULL REFERENCES notification_template (code),
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
      personalisation jsonb NOT NULL DEFAULT '{}',
      case_id uuid,
      subject text,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      provider_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      failed_at timestamptz
    )`.execute(db);
  // While 'sending', next_attempt_at is the end of the sender's lease: a row left 'sending' by a
  // process that died is taken up again once it passes.
  await sql`CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE status IN ('pending', 'sending')`.execute(db);
  await sql`CREATE INDEX notification_case_idx ON notification (case_id) WHERE case_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX notification_status_idx ON notification (status, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['notification', 'notification_template', 'job']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
