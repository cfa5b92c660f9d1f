import { sql, type Kysely } from 'kysely';

// Complaints: the four nations' procedures as data, the complaint beside its case (what it is about,
// the date of the problem, whether it was late, its stages, its responses, Ombudsman referrals),
// the complaint workflow, the notifications (English and Welsh), and a per-standard limit on
// extensions, which the procedures need (England's stage 1 response may run 10 working days more).
//
// A migration is history: the procedures and the workflow here are copies frozen in time; an
// administrator's later copies and edits live in the tables.

const wd = 'working_days';

const PROCEDURES = [
  {
    code: 'england-complaint-handling-code',
    definition: {
      name: 'England: Local Government and Social Care Ombudsman and Housing Ombudsman Complaint Handling Code (2024)',
      nation: 'england',
      report: 'england',
      timeLimitMonths: 12,
      stage2RequestMonths: null,
      differentHandlerAtStage2: true,
      replyInLanguageUsed: false,
      ombudsman: { name: 'Local Government and Social Care Ombudsman', phone: '0300 061 0614', website: 'www.lgo.org.uk', address: 'PO Box 4771, Coventry CV4 0EH' },
      stages: {
        1: {
          name: 'Stage 1',
          standards: [
            { code: 'complaint-stage-1-acknowledgement', kind: 'acknowledgement', sentence: 'We will acknowledge your complaint within 5 working days of receiving it', clockUnit: wd, clockAmount: 5, startEvent: 'received', stopEvent: 'acknowledged', extensionLimit: 0, targetPercent: 95 },
            { code: 'complaint-stage-1-response', kind: 'response', sentence: 'We will respond to your complaint within 10 working days of acknowledging it', clockUnit: wd, clockAmount: 10, startEvent: 'acknowledged', stopEvent: 'resolved', extensionLimit: 10, targetPercent: 95 },
          ],
        },
        2: {
          name: 'Stage 2',
          standards: [
            { code: 'complaint-stage-2-acknowledgement', kind: 'acknowledgement', sentence: 'We will acknowledge your request for a stage 2 review within 5 working days of receiving it', clockUnit: wd, clockAmount: 5, startEvent: 'escalated', stopEvent: 'escalation_acknowledged', extensionLimit: 0, targetPercent: 95 },
            { code: 'complaint-stage-2-response', kind: 'response', sentence: 'We will respond at stage 2 within 20 working days of acknowledging your request', clockUnit: wd, clockAmount: 20, startEvent: 'escalation_acknowledged', stopEvent: 'escalation_resolved', extensionLimit: 20, targetPercent: 95 },
          ],
        },
      },
    },
  },
  {
    code: 'scotland-model-complaints-handling-procedure',
    definition: {
      name: 'Scotland: SPSO Model Complaints Handling Procedure',
      nation: 'scotland',
      report: 'spso',
      timeLimitMonths: 6,
      stage2RequestMonths: 2,
      differentHandlerAtStage2: false,
      replyInLanguageUsed: false,
      ombudsman: { name: 'Scottish Public Services Ombudsman', phone: '0800 377 7330', website: 'www.spso.org.uk', address: 'Bridgeside House, 99 McDonald Road, Edinburgh EH7 4NS' },
      stages: {
        1: {
          name: 'Stage 1: frontline response',
          standards: [
            { code: 'complaint-stage-1-response', kind: 'response', sentence: 'We will give you our frontline response within 5 working days', clockUnit: wd, clockAmount: 5, startEvent: 'received', stopEvent: 'resolved', extensionLimit: 5, targetPercent: 95 },
          ],
        },
        2: {
          name: 'Stage 2: investigation',
          standards: [
            { code: 'complaint-stage-2-acknowledgement', kind: 'acknowledgement', sentence: 'We will acknowledge your complaint for investigation within 3 working days', clockUnit: wd, clockAmount: 3, startEvent: 'escalated', stopEvent: 'escalation_acknowledged', extensionLimit: 0, targetPercent: 95 },
            { code: 'complaint-stage-2-response', kind: 'response', sentence: 'We will give you our decision within 20 working days of receiving your complaint for investigation', clockUnit: wd, clockAmount: 20, startEvent: 'escalated', stopEvent: 'escalation_resolved', extensionLimit: 20, targetPercent: 95 },
          ],
        },
      },
    },
  },
  {
    code: 'wales-model-complaints-policy',
    definition: {
      name: 'Wales: Public Services Ombudsman for Wales model concerns and complaints policy',
      nation: 'wales',
      report: 'wales',
      timeLimitMonths: 6,
      stage2RequestMonths: null,
      differentHandlerAtStage2: false,
      replyInLanguageUsed: true,
      ombudsman: { name: 'Public Services Ombudsman for Wales', phone: '0300 790 0203', website: 'www.ombudsman.wales', address: '1 Ffordd yr Hen Gae, Pencoed CF35 5LJ' },
      stages: {
        1: {
          name: 'Stage 1: informal resolution',
          standards: [
            { code: 'complaint-stage-1-response', kind: 'response', sentence: 'We will try to resolve your concern within 10 working days', clockUnit: wd, clockAmount: 10, startEvent: 'received', stopEvent: 'resolved', extensionLimit: 0, targetPercent: 95 },
          ],
        },
        2: {
          name: 'Stage 2: formal investigation',
          standards: [
            { code: 'complaint-stage-2-acknowledgement', kind: 'acknowledgement', sentence: 'We will acknowledge your formal complaint within 5 working days', clockUnit: wd, clockAmount: 5, startEvent: 'escalated', stopEvent: 'escalation_acknowledged', extensionLimit: 0, targetPercent: 95 },
            { code: 'complaint-stage-2-response', kind: 'response', sentence: 'We will respond to your formal complaint within 20 working days', clockUnit: wd, clockAmount: 20, startEvent: 'escalated', stopEvent: 'escalation_resolved', extensionLimit: 20, targetPercent: 95 },
          ],
        },
      },
    },
  },
  {
    code: 'northern-ireland-model-complaints-handling-procedure',
    definition: {
      name: 'Northern Ireland: NIPSO Model Complaints Handling Procedure (local government)',
      nation: 'northern-ireland',
      report: 'nipso',
      timeLimitMonths: 6,
      stage2RequestMonths: null,
      differentHandlerAtStage2: false,
      replyInLanguageUsed: false,
      ombudsman: { name: 'Northern Ireland Public Services Ombudsman', phone: '0800 34 34 24', website: 'www.nipso.org.uk', address: 'Progressive House, 33 Wellington Place, Belfast BT1 6HN' },
      stages: {
        1: {
          name: 'Stage 1: frontline response',
          standards: [
            { code: 'complaint-stage-1-response', kind: 'response', sentence: 'We will give you our frontline response within 5 working days', clockUnit: wd, clockAmount: 5, startEvent: 'received', stopEvent: 'resolved', extensionLimit: 5, targetPercent: 95 },
          ],
        },
        2: {
          name: 'Stage 2: investigation',
          standards: [
            { code: 'complaint-stage-2-acknowledgement', kind: 'acknowledgement', sentence: 'We will acknowledge your complaint for investigation within 3 working days', clockUnit: wd, clockAmount: 3, startEvent: 'escalated', stopEvent: 'escalation_acknowledged', extensionLimit: 0, targetPercent: 95 },
            { code: 'complaint-stage-2-response', kind: 'response', sentence: 'We will give you our decision within 20 working days of receiving your complaint for investigation', clockUnit: wd, clockAmount: 20, startEvent: 'escalated', stopEvent: 'escalation_resolved', extensionLimit: 20, targetPercent: 95 },
          ],
        },
      },
    },
  },
];

// The complaint workflow: one complaint, two stages. Each stage is received, acknowledged and
// answered; stage 2 follows a stage 1 answer (or starts at once for a complex complaint); a closed
// stage 2 complaint goes no further here (the Ombudsman is next). The statuses marked `managed`
// record what the procedure needs beside the move (a response and its letter, a stage), so they are
// reached only from the complaint page, never by a bare status change on the case page.
const COMPLAINT_WORKFLOW = {
  code: 'complaint',
  name: 'Complaint (two stages)',
  managedBy: { name: 'complaint page', href: '/staff/complaints/' },
  statuses: [
    { code: 'received', name: 'Stage 1: received', publicName: 'Received', category: 'new', next: ['acknowledged', 'stage_1_waiting', 'stage_1_responded', 'escalated', 'withdrawn', 'refused'] },
    { code: 'acknowledged', name: 'Stage 1: acknowledged', publicName: 'Acknowledged', category: 'open', milestone: 'acknowledged', managed: true, next: ['stage_1_waiting', 'stage_1_responded', 'escalated', 'withdrawn', 'refused'] },
    { code: 'stage_1_waiting', name: 'Stage 1: waiting for customer', publicName: 'Waiting for information from you', category: 'waiting', notify: 'case.information_requested', next: ['acknowledged', 'stage_1_responded', 'withdrawn', 'refused'] },
    { code: 'stage_1_responded', name: 'Stage 1: responded', publicName: 'We have replied', category: 'resolved', milestone: 'resolved', managed: true, next: ['closed', 'escalated'] },
    { code: 'closed', name: 'Closed at stage 1', publicName: 'Closed', category: 'closed', milestone: 'closed', next: ['escalated'] },
    { code: 'escalated', name: 'Stage 2: received', publicName: 'Stage 2: received', category: 'open', milestone: 'escalated', managed: true, next: ['stage_2_acknowledged', 'stage_2_waiting', 'stage_2_responded', 'withdrawn', 'refused'] },
    { code: 'stage_2_acknowledged', name: 'Stage 2: acknowledged', publicName: 'Stage 2: acknowledged', category: 'open', milestone: 'escalation_acknowledged', managed: true, next: ['stage_2_waiting', 'stage_2_responded', 'withdrawn', 'refused'] },
    { code: 'stage_2_waiting', name: 'Stage 2: waiting for customer', publicName: 'Waiting for information from you', category: 'waiting', notify: 'case.information_requested', next: ['stage_2_acknowledged', 'stage_2_responded', 'withdrawn'] },
    { code: 'stage_2_responded', name: 'Stage 2: responded', publicName: 'Stage 2: we have replied', category: 'resolved', milestone: 'escalation_resolved', managed: true, next: ['stage_2_closed'] },
    { code: 'stage_2_closed', name: 'Closed at stage 2', publicName: 'Closed', category: 'closed', next: [] },
    { code: 'withdrawn', name: 'Withdrawn', publicName: 'Withdrawn', category: 'cancelled', next: [] },
    { code: 'refused', name: 'Not accepted (made too late)', publicName: 'Not accepted', category: 'cancelled', managed: true, next: [] },
  ],
};

interface SeedTemplate {
  code: string;
  name: string;
  description: string;
  placeholders: string[];
  en: { subject: string; body: string[]; sms: string };
  cy: { subject: string; body: string[]; sms: string };
}

const TEMPLATES: SeedTemplate[] = [
  {
    code: 'complaint.received',
    name: 'Complaint received',
    description: 'Sent to the person as soon as we receive their complaint, with what we promise next.',
    placeholders: ['name', 'reference', 'promises', 'tracking_url'],
    en: {
      subject: 'We have received your complaint – reference ((reference))',
      body: ['Dear ((name))', 'Thank you for telling us what went wrong. We have received your complaint and its reference is ((reference)).', '((promises))', 'You can follow its progress at any time:\n((tracking_url))'],
      sms: 'We have your complaint, reference ((reference)). Follow it: ((tracking_url))',
    },
    cy: {
      subject: 'Rydym wedi cael eich cwyn – cyfeirnod ((reference))',
      body: ['Annwyl ((name))', 'Diolch am ddweud wrthym beth aeth o’i le. Rydym wedi cael eich cwyn a’i chyfeirnod yw ((reference)).', '((promises))', 'Gallwch ddilyn ei hynt unrhyw bryd:\n((tracking_url))'],
      sms: 'Mae eich cwyn gennym, cyfeirnod ((reference)). Dilynwch hi: ((tracking_url))',
    },
  },
  {
    code: 'complaint.acknowledged',
    name: 'Complaint acknowledged',
    description: 'Sent when a complaints officer acknowledges a complaint at either stage.',
    placeholders: ['name', 'reference', 'stage', 'promises', 'tracking_url'],
    en: {
      subject: 'We are looking into your complaint – reference ((reference))',
      body: ['Dear ((name))', 'We have acknowledged your complaint ((reference)) at ((stage)) and a complaints officer is looking into it.', '((promises))', 'You can follow its progress at any time:\n((tracking_url))'],
      sms: 'We are looking into your complaint ((reference)) at ((stage)). Follow it: ((tracking_url))',
    },
    cy: {
      subject: 'Rydym yn ymchwilio i’ch cwyn – cyfeirnod ((reference))',
      body: ['Annwyl ((name))', 'Rydym wedi cydnabod eich cwyn ((reference)) yng ((stage)) ac mae swyddog cwynion yn ymchwilio iddi.', '((promises))', 'Gallwch ddilyn ei hynt unrhyw bryd:\n((tracking_url))'],
      sms: 'Rydym yn ymchwilio i’ch cwyn ((reference)). Dilynwch hi: ((tracking_url))',
    },
  },
  {
    code: 'complaint.escalated',
    name: 'Complaint escalated to stage 2',
    description: 'Sent when a complaint moves to stage 2, asked for by the person or by staff.',
    placeholders: ['name', 'reference', 'reason', 'promises', 'tracking_url'],
    en: {
      subject: 'Your complaint is at stage 2 – reference ((reference))',
      body: ['Dear ((name))', 'Your complaint ((reference)) will now be looked at again at stage 2.', 'What you told us: ((reason))', '((promises))', 'You can follow its progress at any time:\n((tracking_url))'],
      sms: 'Your complaint ((reference)) is now at stage 2. Follow it: ((tracking_url))',
    },
    cy: {
      subject: 'Mae eich cwyn yng ngham 2 – cyfeirnod ((reference))',
      body: ['Annwyl ((name))', 'Bydd eich cwyn ((reference)) yn cael ei hystyried eto yng ngham 2.', 'Yr hyn a ddywedoch wrthym: ((reason))', '((promises))', 'Gallwch ddilyn ei hynt unrhyw bryd:\n((tracking_url))'],
      sms: 'Mae eich cwyn ((reference)) yng ngham 2 bellach. Dilynwch hi: ((tracking_url))',
    },
  },
  {
    code: 'complaint.extended',
    name: 'Complaint response delayed',
    description: 'Sent when the time to respond is extended: the procedures ask that the person is told why and given a new date.',
    placeholders: ['name', 'reference', 'reason', 'new_date', 'tracking_url'],
    en: {
      subject: 'We need more time to answer your complaint – reference ((reference))',
      body: ['Dear ((name))', 'We are sorry, but we need more time to answer your complaint ((reference)) properly.', 'Why: ((reason))', 'We will now respond by ((new_date)).', 'You can follow its progress at any time:\n((tracking_url))'],
      sms: 'We need more time on your complaint ((reference)): ((reason)). We will respond by ((new_date)).',
    },
    cy: {
      subject: 'Mae angen mwy o amser arnom i ateb eich cwyn – cyfeirnod ((reference))',
      body: ['Annwyl ((name))', 'Mae’n ddrwg gennym, ond mae angen mwy o amser arnom i ateb eich cwyn ((reference)) yn iawn.', 'Pam: ((reason))', 'Byddwn yn ymateb erbyn ((new_date)).', 'Gallwch ddilyn ei hynt unrhyw bryd:\n((tracking_url))'],
      sms: 'Mae angen mwy o amser arnom ar eich cwyn ((reference)): ((reason)). Byddwn yn ymateb erbyn ((new_date)).',
    },
  },
  {
    code: 'complaint.response',
    name: 'Complaint response letter',
    description: 'Our answer at a stage: the decision, the reasons, the remedy, what we learned, what is still to do and how to take it further.',
    placeholders: ['name', 'reference', 'stage', 'decision', 'reasons', 'remedy', 'learning', 'outstanding_actions', 'how_to_escalate', 'tracking_url'],
    en: {
      subject: 'Our response to your complaint – reference ((reference))',
      body: [
        'Dear ((name))',
        'This is our ((stage)) response to your complaint ((reference)).',
        'Our decision: ((decision))',
        'Why we reached it:\n((reasons))',
        'What we will do to put things right:\n((remedy))',
        'What we have learned:\n((learning))',
        'Still to be done:\n((outstanding_actions))',
        'If you are not satisfied:\n((how_to_escalate))',
      ],
      sms: 'We have sent our ((stage)) response to your complaint ((reference)). Read it: ((tracking_url))',
    },
    cy: {
      subject: 'Ein hymateb i’ch cwyn – cyfeirnod ((reference))',
      body: [
        'Annwyl ((name))',
        'Dyma ein hymateb ((stage)) i’ch cwyn ((reference)).',
        'Ein penderfyniad: ((decision))',
        'Pam y daethom i’r penderfyniad hwn:\n((reasons))',
        'Beth fyddwn yn ei wneud i unioni pethau:\n((remedy))',
        'Beth rydym wedi’i ddysgu:\n((learning))',
        'I’w wneud o hyd:\n((outstanding_actions))',
        'Os nad ydych yn fodlon:\n((how_to_escalate))',
      ],
      sms: 'Rydym wedi anfon ein hymateb ((stage)) i’ch cwyn ((reference)). Darllenwch ef: ((tracking_url))',
    },
  },
  {
    code: 'complaint.not_accepted',
    name: 'Complaint not accepted (made too late)',
    description: 'Sent when a complaint made after the time limit is not accepted: the reasons and the right to go to the Ombudsman.',
    placeholders: ['name', 'reference', 'reasons', 'ombudsman'],
    en: {
      subject: 'Your complaint – reference ((reference))',
      body: ['Dear ((name))', 'We are sorry, but we cannot look into your complaint ((reference)) under our complaints procedure.', 'Why:\n((reasons))', 'If you disagree, you can ask the Ombudsman to look at this:\n((ombudsman))'],
      sms: 'We cannot look into your complaint ((reference)); we have written to explain why and how to go to the Ombudsman.',
    },
    cy: {
      subject: 'Eich cwyn – cyfeirnod ((reference))',
      body: ['Annwyl ((name))', 'Mae’n ddrwg gennym, ond ni allwn ymchwilio i’ch cwyn ((reference)) o dan ein gweithdrefn gwyno.', 'Pam:\n((reasons))', 'Os ydych yn anghytuno, gallwch ofyn i’r Ombwdsmon edrych ar hyn:\n((ombudsman))'],
      sms: 'Ni allwn ymchwilio i’ch cwyn ((reference)); rydym wedi ysgrifennu i egluro pam a sut i fynd at yr Ombwdsmon.',
    },
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE service_standard_version ADD COLUMN extension_limit smallint CHECK (extension_limit >= 0)`.execute(db);
  await sql`ALTER TABLE notification_template ADD COLUMN email_subject_cy text, ADD COLUMN email_body_cy text, ADD COLUMN sms_body_cy text`.execute(db);
  await sql`ALTER TABLE notification ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'))`.execute(db);
  for (const t of TEMPLATES) {
    await sql`
      INSERT INTO notification_template (code, name, description, placeholders, email_subject, email_body, sms_body, email_subject_cy, email_body_cy, sms_body_cy)
      VALUES (${t.code}, ${t.name}, ${t.description}, ${t.placeholders}, ${t.en.subject}, ${t.en.body.join('\n\n')}, ${t.en.sms}, ${t.cy.subject}, ${t.cy.body.join('\n\n')}, ${t.cy.sms})`.execute(db);
  }
  await sql`ALTER TABLE workflow ADD COLUMN managed_by jsonb`.execute(db);
  await sql`INSERT INTO workflow (code, name, statuses, managed_by) VALUES (${COMPLAINT_WORKFLOW.code}, ${COMPLAINT_WORKFLOW.name}, ${JSON.stringify(COMPLAINT_WORKFLOW.statuses)}, ${JSON.stringify(COMPLAINT_WORKFLOW.managedBy)})`.execute(db);

  await sql`
    CREATE TABLE complaint_procedure (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
      current_version integer NOT NULL DEFAULT 1,
      shipped boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`
    CREATE TABLE complaint_procedure_version (
      code text NOT NULL REFERENCES complaint_procedure (code),
      version integer NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by_label text NOT NULL,
      PRIMARY KEY (code, version)
    )`.execute(db);
  for (const p of PROCEDURES) {
    await sql`INSERT INTO complaint_procedure (code, shipped) VALUES (${p.code}, true)`.execute(db);
    await sql`INSERT INTO complaint_procedure_version (code, version, definition, created_by_label) VALUES (${p.code}, 1, ${JSON.stringify(p.definition)}, 'CharterDesk')`.execute(db);
  }
  // The procedure the council follows, and the request type its complaints are cases of.
  await sql`
    CREATE TABLE complaint_setting (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      procedure_code text NOT NULL REFERENCES complaint_procedure (code),
      procedure_version integer NOT NULL,
      request_type_id uuid NOT NULL REFERENCES request_type (id),
      welsh boolean NOT NULL DEFAULT false,
      adopted_at timestamptz NOT NULL,
      adopted_by_label text NOT NULL,
      FOREIGN KEY (procedure_code, procedure_version) REFERENCES complaint_procedure_version (code, version)
    )`.execute(db);

  await sql`
    CREATE TABLE complaint (
      case_id uuid PRIMARY KEY REFERENCES cases (id),
      procedure_code text NOT NULL,
      procedure_version integer NOT NULL,
      stage smallint NOT NULL DEFAULT 1 CHECK (stage IN (1, 2)),
      about_case_id uuid REFERENCES cases (id),
      about_service_id uuid REFERENCES service (id),
      about_team_id uuid REFERENCES team (id),
      about_standard_id uuid REFERENCES service_standard (id),
      problem_on date,
      late boolean NOT NULL DEFAULT false,
      late_decision text CHECK (late_decision IN ('accepted', 'refused')),
      late_reason text,
      language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
      FOREIGN KEY (procedure_code, procedure_version) REFERENCES complaint_procedure_version (code, version),
      -- A late complaint is accepted only with a reason on record.
      CHECK (late_decision IS NULL OR late_reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX complaint_about_case_idx ON complaint (about_case_id) WHERE about_case_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE complaint_stage (
      case_id uuid NOT NULL REFERENCES complaint (case_id),
      stage smallint NOT NULL CHECK (stage IN (1, 2)),
      started_at timestamptz NOT NULL,
      started_how text NOT NULL CHECK (started_how IN ('received', 'escalated_by_resident', 'escalated_by_staff', 'direct')),
      reason text,
      handler_id uuid REFERENCES staff_user (id),
      PRIMARY KEY (case_id, stage)
    )`.execute(db);

  await sql`
    CREATE TABLE complaint_response (
      case_id uuid NOT NULL REFERENCES complaint (case_id),
      stage smallint NOT NULL CHECK (stage IN (1, 2)),
      decision text NOT NULL CHECK (decision IN ('upheld', 'partly_upheld', 'not_upheld', 'resolved')),
      reasons text NOT NULL,
      apology boolean NOT NULL,
      action_taken text NOT NULL DEFAULT '',
      payment_pence integer CHECK (payment_pence >= 0),
      learning text NOT NULL DEFAULT '',
      outstanding_actions jsonb NOT NULL DEFAULT '[]',
      how_to_escalate text NOT NULL,
      language text NOT NULL CHECK (language IN ('en', 'cy')),
      letter_subject text NOT NULL,
      letter_body text NOT NULL,
      responded_at timestamptz NOT NULL,
      responded_by_id uuid REFERENCES staff_user (id),
      responded_by_label text NOT NULL,
      PRIMARY KEY (case_id, stage)
    )`.execute(db);
  await sql`CREATE INDEX complaint_response_at_idx ON complaint_response (responded_at)`.execute(db);

  await sql`
    CREATE TABLE ombudsman_referral (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES complaint (case_id),
      ombudsman_reference text NOT NULL DEFAULT '',
      enquiry_on date NOT NULL,
      enquiry text NOT NULL,
      decision text CHECK (decision IN ('not_investigated', 'upheld', 'partly_upheld', 'not_upheld', 'settled')),
      decided_on date,
      recommended_remedy text NOT NULL DEFAULT '',
      remedy_complied_on date,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      CHECK ((decision IS NULL) = (decided_on IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX ombudsman_referral_case_idx ON ombudsman_referral (case_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ombudsman_referral', 'complaint_response', 'complaint_stage', 'complaint', 'complaint_setting', 'complaint_procedure_version', 'complaint_procedure']) await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  await sql`UPDATE request_type_version SET workflow_code = 'default' WHERE workflow_code = 'complaint'`.execute(db);
  await sql`DELETE FROM workflow WHERE code = 'complaint'`.execute(db);
  await sql`ALTER TABLE workflow DROP COLUMN managed_by`.execute(db);
  await sql`DELETE FROM notification_template WHERE code LIKE 'complaint.%'`.execute(db);
  await sql`ALTER TABLE notification DROP COLUMN language`.execute(db);
  await sql`ALTER TABLE notification_template DROP COLUMN email_subject_cy, DROP COLUMN email_body_cy, DROP COLUMN sms_body_cy`.execute(db);
  await sql`ALTER TABLE service_standard_version DROP COLUMN extension_limit`.execute(db);
}
