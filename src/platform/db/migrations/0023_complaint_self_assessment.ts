import { sql, type Kysely } from 'kysely';

// England's self-assessment against the Housing Ombudsman and Local Government and Social Care
// Ombudsman Complaint Handling Code: one row per requirement, which the council marks as met, partly
// met or not met, with its evidence and commentary, and publishes with its annual complaints report.
// Also an index the reports need on when each stage began.
// The requirements are a starting list in plain words; a council may reword them (the rows are data).
const ITEMS: [section: string, requirement: string][] = [
  ['Definitions', 'We use the Code’s definition of a complaint: any expression of dissatisfaction, however made, whether or not the word complaint is used.'],
  ['Definitions', 'We tell a service request apart from a complaint, and treat it as a complaint when the person is unhappy with how we dealt with the request.'],
  ['Exclusions', 'We only refuse to take a complaint for a reason our policy lists, and we tell the person why and that they can go to the Ombudsman.'],
  ['Accessibility and awareness', 'People can complain in writing, by phone, in person and online, and we make reasonable adjustments when asked.'],
  ['Accessibility and awareness', 'Our complaints policy and the Ombudsman’s details are published on our website and explained in our letters.'],
  ['Complaint handling staff', 'A named person or team is responsible for complaints and can reach senior managers to put things right.'],
  ['Complaint handling staff', 'Staff who handle complaints are trained and have the time and authority to do it well.'],
  ['The complaint handling process', 'We have a two-stage process and do not add extra stages.'],
  ['The complaint handling process', 'We keep a full record of each complaint: what was said, what we did, what we decided and why.'],
  ['Stage 1', 'We acknowledge a complaint within 5 working days and respond within 10 working days of acknowledging it.'],
  ['Stage 1', 'When we need more time we tell the person why and give a new date no more than 10 working days later.'],
  ['Stage 2', 'We acknowledge a stage 2 request within 5 working days and respond within 20 working days of acknowledging it.'],
  ['Stage 2', 'Someone other than the stage 1 handler responds at stage 2.'],
  ['Putting things right', 'Where something went wrong we acknowledge it, apologise and put it right, and follow through on what we promised.'],
  ['Self-assessment, reporting and compliance', 'We publish an annual complaints performance and service improvement report with this self-assessment.'],
  ['Self-assessment, reporting and compliance', 'We complete this self-assessment every year and again after a significant restructure or change in procedure.'],
  ['Scrutiny and oversight', 'Our governing body receives the annual report and a named member has lead responsibility for complaints.'],
  ['Scrutiny and oversight', 'We use what complaints teach us to improve services, and tell residents what we changed.'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE complaint_self_assessment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      position smallint NOT NULL,
      section text NOT NULL,
      requirement text NOT NULL,
      met text CHECK (met IN ('yes', 'no', 'partly')),
      evidence text NOT NULL DEFAULT '',
      commentary text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz,
      updated_by_label text
    )`.execute(db);
  // The reports find the stages begun in a period (received at stage 1, escalated to stage 2).
  await sql`CREATE INDEX complaint_stage_started_idx ON complaint_stage (started_at)`.execute(db);
  let position = 0;
  for (const [section, requirement] of ITEMS) {
    position += 1;
    await sql`INSERT INTO complaint_self_assessment (position, section, requirement) VALUES (${position}, ${section}, ${requirement})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX complaint_stage_started_idx`.execute(db);
  await sql`DROP TABLE complaint_self_assessment`.execute(db);
}
