import { sql, type Kysely } from 'kysely';

// The case lifecycle: workflows as data (statuses and the moves between them, chosen per request
// type), who holds a case, where it is, which client system sent it, the clock events of every
// standard on it, the met/missed facts the reports read, and team membership for work queues.
// The default workflow as shipped. A migration is history, so this is a copy frozen in time: an
// administrator's later changes live in the workflow table, never here.
const DEFAULT_WORKFLOW = {
  code: 'default',
  name: 'Standard service request',
  statuses: [
    { code: 'received', name: 'Received', publicName: 'Received', category: 'new', next: ['acknowledged', 'in_progress', 'waiting_for_customer', 'resolved', 'cancelled', 'duplicate'] },
    { code: 'acknowledged', name: 'Acknowledged', publicName: 'Acknowledged', category: 'open', milestone: 'acknowledged', notify: 'case.acknowledged', next: ['in_progress', 'waiting_for_customer', 'resolved', 'cancelled', 'duplicate'] },
    { code: 'in_progress', name: 'In progress', publicName: 'In progress', category: 'open', next: ['waiting_for_customer', 'resolved', 'cancelled', 'duplicate'] },
    { code: 'waiting_for_customer', name: 'Waiting for customer', publicName: 'Waiting for information from you', category: 'waiting', notify: 'case.information_requested', next: ['in_progress', 'resolved', 'cancelled'] },
    { code: 'resolved', name: 'Resolved', publicName: 'Resolved', category: 'resolved', milestone: 'resolved', notify: 'case.resolved', next: ['closed', 'reopened'] },
    { code: 'closed', name: 'Closed', publicName: 'Closed', category: 'closed', milestone: 'closed', notify: 'case.closed', next: ['reopened'] },
    { code: 'reopened', name: 'Reopened', publicName: 'Reopened', category: 'open', next: ['in_progress', 'waiting_for_customer', 'resolved', 'cancelled', 'duplicate'] },
    { code: 'cancelled', name: 'Cancelled', publicName: 'Cancelled', category: 'cancelled', next: ['reopened'] },
    { code: 'duplicate', name: 'Duplicate', publicName: 'Already reported', category: 'duplicate', next: ['reopened'] },
  ],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE workflow (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
      name text NOT NULL,
      statuses jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`INSERT INTO workflow (code, name, statuses) VALUES (${DEFAULT_WORKFLOW.code}, ${DEFAULT_WORKFLOW.name}, ${JSON.stringify(DEFAULT_WORKFLOW.statuses)})`.execute(db);
  await sql`ALTER TABLE request_type_version ADD COLUMN workflow_code text NOT NULL DEFAULT 'default' REFERENCES workflow (code)`.execute(db);

  await sql`
    CREATE TABLE team_member (
      team_id uuid NOT NULL REFERENCES team (id),
      user_id uuid NOT NULL REFERENCES staff_user (id),
      lead boolean NOT NULL DEFAULT false,
      PRIMARY KEY (team_id, user_id)
    )`.execute(db);

  await sql`
    ALTER TABLE cases
      ADD COLUMN workflow_code text NOT NULL DEFAULT 'default' REFERENCES workflow (code),
      ADD COLUMN status_category text NOT NULL DEFAULT 'new',
      ADD COLUMN team_id uuid REFERENCES team (id),
      ADD COLUMN assignee_id uuid REFERENCES staff_user (id),
      ADD COLUMN customer_id uuid,
      ADD COLUMN location_address text,
      ADD COLUMN location_uprn text,
      ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
      ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
      ADD COLUMN ward text,
      ADD COLUMN client_system_id uuid REFERENCES client_system (id),
      ADD COLUMN client_reference text,
      ADD COLUMN duplicate_of uuid REFERENCES cases (id),
      ADD COLUMN tracking_token_hash text UNIQUE,
      ADD COLUMN resolved_at timestamptz,
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT cases_location_pair CHECK ((latitude IS NULL) = (longitude IS NULL))`.execute(db);
  // A client system that retries a request must get the first case back, not a second one.
  await sql`CREATE UNIQUE INDEX cases_client_reference_idx ON cases (client_system_id, client_reference) WHERE client_reference IS NOT NULL`.execute(db);
  // Work queues read open cases by team and by assignee; nearby suggestions by position.
  // status_category (the category of the status in the case's workflow) is stored beside the status
  // so "open cases" is one indexed condition whatever each workflow calls its statuses.
  await sql`CREATE INDEX cases_team_queue_idx ON cases (team_id, status_category)`.execute(db);
  await sql`CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE assignee_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_position_idx ON cases (request_type_id, latitude, longitude) WHERE latitude IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_customer_idx ON cases (customer_id) WHERE customer_id IS NOT NULL`.execute(db);

  // A standard's clock is its events (start, pause, resume, extend, stop: see src/time/clock.ts);
  // due_at is derived from them. outcome is the fact the reports read: met or missed when the stop
  // event happens, void when the case is cancelled or merged before it.
  await sql`
    ALTER TABLE case_standard
      ADD COLUMN clock_events jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN paused boolean NOT NULL DEFAULT false,
      ADD COLUMN stopped_at timestamptz,
      ADD COLUMN outcome text CHECK (outcome IN ('met', 'missed', 'void')),
      ADD CONSTRAINT case_standard_outcome_stopped CHECK ((outcome IS NULL) = (stopped_at IS NULL))`.execute(db);
  await sql`UPDATE case_standard SET clock_events = jsonb_build_array(jsonb_build_object('type', 'start', 'at', started_at)) WHERE started_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX case_standard_running_idx ON case_standard (due_at) WHERE stopped_at IS NULL AND due_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX case_standard_outcome_idx ON case_standard (standard_id, stopped_at) WHERE outcome IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE case_standard DROP CONSTRAINT case_standard_outcome_stopped,
      DROP COLUMN outcome, DROP COLUMN stopped_at, DROP COLUMN paused, DROP COLUMN clock_events`.execute(db);
  await sql`
    ALTER TABLE cases DROP CONSTRAINT cases_location_pair,
      DROP COLUMN updated_at, DROP COLUMN closed_at, DROP COLUMN resolved_at, DROP COLUMN tracking_token_hash,
      DROP COLUMN duplicate_of, DROP COLUMN client_reference, DROP COLUMN client_system_id, DROP COLUMN ward,
      DROP COLUMN longitude, DROP COLUMN latitude, DROP COLUMN location_uprn, DROP COLUMN location_address,
      DROP COLUMN customer_id, DROP COLUMN assignee_id, DROP COLUMN team_id, DROP COLUMN status_category, DROP COLUMN workflow_code`.execute(db);
  await sql`DROP TABLE team_member`.execute(db);
  await sql`ALTER TABLE request_type_version DROP COLUMN workflow_code`.execute(db);
  await sql`DROP TABLE workflow`.execute(db);
}
