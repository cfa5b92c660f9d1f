// The one schema both engines share: Kysely table types matching the migrations in ./migrations.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CouncilTable {
  id: ColumnType<number, 1 | undefined, never>;
  name: string;
  nation: string;
  population: number | null;
  logo_url: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface StaffUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  roles: string[];
  password_hash: string;
  active: Generated<boolean>;
  last_sign_in_at: Date | null;
  /** When the holder was last told of wrong passwords (once per burst). */
  sign_in_alert_at: Date | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffSessionTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
}

/** Failed sign-ins per email typed (known or not) and client address: platform/auth/throttle.ts. */
export interface SignInThrottleTable {
  email: string;
  address: string;
  failures: number;
  last_failed_at: Date;
  blocked_until: Date | null;
}

export interface AuditEventTable {
  id: Generated<string>;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  ip: string | null;
  /** The customer the event concerns, kept by a trigger from the subject (migration 0018). */
  customer_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

// Dates and times are read back as text with to_char (see features/calendar/store.ts): both drivers
// would otherwise turn a date into a JS Date at the process's local midnight.
export interface CalendarDayTable {
  date: ColumnType<Date, string, never>;
  kind: 'closure' | 'extra_holiday';
  reason: string;
  added_by_id: string | null;
  added_by_label: string;
  added_at: Timestamp;
}

export interface CalendarOpeningHoursTable {
  weekday: ColumnType<number, number, never>;
  opens_at: ColumnType<string, string, string>;
  closes_at: ColumnType<string, string, string>;
}

export interface CalendarSettingTable {
  id: ColumnType<number, 1 | undefined, never>;
  cut_off_time: ColumnType<string | null, string | null, string | null>;
}

export interface CalendarVersionTable {
  id: Generated<string>;
  fingerprint: string;
  config: ColumnType<Record<string, unknown>, string, never>;
  reason: string;
  created_at: Timestamp;
  created_by_id: string | null;
  created_by_label: string;
}

export interface TeamTable {
  id: Generated<string>;
  name: string;
  department: string;
  email: string | null;
  created_at: Timestamp;
}

export interface ServiceTable {
  id: Generated<string>;
  code: string;
  name: string;
  department: string;
  team_id: string | null;
  description: string;
  channels: string[];
  published: boolean;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceStandardTable {
  id: Generated<string>;
  service_id: string;
  code: string;
  current_version: Generated<number>;
}

export interface ServiceStandardVersionTable {
  standard_id: string;
  version: number;
  sentence: string;
  stage: string;
  clock_unit: string;
  clock_amount: number;
  start_event: string;
  stop_event: string;
  // numeric comes back as a string on both engines, to keep its precision.
  target_percent: ColumnType<string, number | string, number | string>;
  /** At risk once this whole percent of the clock's allowed time is used (0016). */
  at_risk_percent: Generated<number>;
  /** The most the clock may be extended by in total, in its own unit; null: its own length (0020). */
  extension_limit: ColumnType<number | null, number | null | undefined, number | null>;
  published: boolean;
  created_at: Timestamp;
  created_by_label: string;
}

export interface RequestTypeTable {
  id: Generated<string>;
  service_id: string;
  code: string;
  current_version: Generated<number>;
}

export interface RequestTypeVersionTable {
  request_type_id: string;
  version: number;
  name: string;
  description: string;
  team_id: string | null;
  audiences: string[];
  fields: ColumnType<unknown[], string, string>;
  standard_ids: string[];
  active: Generated<boolean>;
  workflow_code: Generated<string>;
  /** Open311 `GET requests` shows a case's address, UPRN and position to anyone only when true (0015). */
  location_public: Generated<boolean>;
  created_at: Timestamp;
  created_by_label: string;
}

export interface CasesTable {
  id: Generated<string>;
  reference: string;
  service_id: string;
  request_type_id: string;
  request_type_version: number;
  channel: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
  contact: ColumnType<Record<string, unknown>, string, string>;
  status: Generated<string>;
  received_at: Timestamp;
  version: Generated<number>;
  workflow_code: Generated<string>;
  status_category: Generated<string>;
  team_id: string | null;
  assignee_id: string | null;
  customer_id: string | null;
  location_address: string | null;
  location_uprn: string | null;
  latitude: number | null;
  longitude: number | null;
  ward: string | null;
  client_system_id: string | null;
  client_reference: string | null;
  duplicate_of: string | null;
  tracking_token_hash: string | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  updated_at: Timestamp;
  /** What a client system sent beyond the request type's fields (Open311: description, media URLs, unknown attributes). */
  client_data: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** The earliest due date of the case's running clocks, kept by a trigger on case_standard (queue order). */
  next_due_at: ColumnType<Date | null, never, never>;
}

/** Statuses and the moves between them, as data (features/cases/workflow). */
export interface WorkflowTable {
  code: string;
  name: string;
  statuses: ColumnType<unknown[], string, string>;
  /** Another feature's page moves its cases through their managed statuses (0020: complaints). */
  managed_by: ColumnType<{ name: string; href: string } | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
  lead: Generated<boolean>;
}

export interface CaseStandardTable {
  case_id: string;
  standard_id: string;
  standard_version: number;
  started_at: Date | null;
  due_at: Date | null;
  /** When the running clock reaches its standard's at-risk share (time/clock.ts atRiskAt), kept with due_at (0016). */
  at_risk_at: Date | null;
  calendar_version_id: string | null;
  /** The clock's events (time/clock.ts ClockEvent), instants as ISO strings. */
  clock_events: ColumnType<StoredClockEvent[], string | undefined, string>;
  paused: Generated<boolean>;
  stopped_at: Date | null;
  outcome: 'met' | 'missed' | 'void' | null;
}

export type StoredClockEvent =
  | { type: 'start' | 'resume' | 'stop'; at: string }
  | { type: 'pause'; at: string; reason: string }
  | { type: 'extend'; at: string; by: number; reason: string; authorisedLimit: number };

export interface CaseEventTable {
  id: Generated<string>;
  case_id: string;
  type: string;
  at: Timestamp;
  actor_type: string;
  actor_label: string;
  public: Generated<boolean>;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ClientSystemTable {
  id: Generated<string>;
  name: string;
  created_at: Timestamp;
  created_by_label: string;
  revoked_at: Date | null;
}

export interface ApiKeyTable {
  id: Generated<string>;
  client_system_id: string;
  /** SHA-256 of the key, hex; the key itself is never stored. */
  key_hash: string;
  /** The key's first characters, not secret, so people can tell keys apart. */
  prefix: string;
  scopes: string[];
  rate_limit_per_minute: number;
  created_at: Timestamp;
  created_by_label: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** A file on a case, or a resident's pending upload (case_id null) waiting for their answers. */
export interface CaseAttachmentTable {
  id: Generated<string>;
  case_id: string | null;
  request_type_id: string;
  field_code: string;
  /** Where the FileStore keeps the bytes: a key we generated, never the resident's filename. */
  file_key: string;
  /** Sanitised for display and for Content-Disposition. */
  filename: string;
  /** Checked from the file's first bytes, not taken from the browser. */
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Timestamp;
  attached_at: Date | null;
  /** SHA-256 of the token held by the browser that uploaded it (upload-owner.ts); null on uploads older than the column. */
  owner_hash: string | null;
}


/** A unit of background work (platform/jobs): claimed by one worker at a time, retried, never lost. */
export interface JobTable {
  id: Generated<string>;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  done_at: Date | null;
  failed_at: Date | null;
  singleton_key: string | null;
  created_at: Timestamp;
}

/** The wording of a notification (platform/outbox), edited by administrators. */
export interface NotificationTemplateTable {
  code: string;
  name: string;
  description: string;
  /** The personalisation CharterDesk sends with this message: shown to administrators as a hint. */
  placeholders: string[];
  email_subject: string;
  email_body: string;
  sms_body: string;
  notify_email_template_id: string | null;
  notify_sms_template_id: string | null;
  /** The Welsh wording beside the English, used for a person who wrote in Welsh (0020). */
  email_subject_cy: ColumnType<string | null, string | null | undefined, string | null>;
  email_body_cy: ColumnType<string | null, string | null | undefined, string | null>;
  sms_body_cy: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by_label: Generated<string>;
}

/** One message in the outbox, rendered when queued (platform/outbox). */
export interface NotificationTable {
  id: Generated<string>;
  template_code: string;
  channel: 'email' | 'sms';
  recipient: string;
  personalisation: ColumnType<Record<string, string>, string, string>;
  case_id: string | null;
  /** The language it was written in (0020). */
  language: Generated<'en' | 'cy'>;
  subject: string | null;
  body: string;
  status: ColumnType<'pending' | 'sending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  provider_id: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
  failed_at: Date | null;
}

/** One interaction on one channel: for now, an email to the council (features/inbound-email). */
export interface ContactTable {
  id: Generated<string>;
  channel: string;
  direction: 'inbound' | 'outbound';
  received_at: Timestamp;
  from_address: string | null;
  from_name: string | null;
  to_address: string | null;
  subject: Generated<string>;
  body_text: Generated<string>;
  /** Unique: a message delivered twice is recorded once. */
  message_id: string | null;
  in_reply_to: string | null;
  case_id: string | null;
  customer_id: string | null;
  status: ColumnType<'new' | 'linked' | 'handled', 'new' | 'linked' | 'handled' | undefined, 'new' | 'linked' | 'handled'>;
  handled_by_label: string | null;
  handled_at: Date | null;
  created_at: Timestamp;
  /** What an advisor records (0014); null on an inbound email nobody has handled yet. */
  location_id: ColumnType<string | null, string | null | undefined, string | null>;
  service_id: ColumnType<string | null, string | null | undefined, string | null>;
  request_type_id: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  outcome: ColumnType<ContactOutcomeCode | null, ContactOutcomeCode | null | undefined, ContactOutcomeCode | null>;
  avoidable: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  avoidable_type: ColumnType<AvoidableTypeCode | null, AvoidableTypeCode | null | undefined, AvoidableTypeCode | null>;
  duration_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  advisor_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ContactOutcomeCode = 'resolved' | 'case_raised' | 'passed_to_back_office' | 'signposted' | 'no_action';
export type AvoidableTypeCode = 'chasing_progress' | 'repeat' | 'not_understood' | 'wrongly_routed' | 'unnecessary_clarification';
export type AdjustmentKindCode = 'large_print' | 'easy_read' | 'bsl' | 'interpreter' | 'no_phone_calls' | 'named_contact' | 'other';

/** A person or an organisation the council serves (features/customers). */
export interface CustomerTable {
  id: Generated<string>;
  kind: 'person' | 'organisation';
  title: string | null;
  given_name: string | null;
  family_name: string | null;
  organisation_name: string | null;
  display_name: string;
  /** Lower-cased name for the trigram index. */
  search_name: string;
  address: string | null;
  /** Normalised, like "LE1 5FQ". */
  postcode: string | null;
  uprn: string | null;
  preferred_channel: string | null;
  preferred_language: string | null;
  /** A note flagged for staff safety, shown as a warning to everyone who serves the customer. */
  safety_note: string | null;
  notes: Generated<string>;
  merged_into: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerEmailTable {
  id: Generated<string>;
  customer_id: string;
  /** Lower case. */
  email: string;
  label: string | null;
  position: Generated<number>;
}

export interface CustomerPhoneTable {
  id: Generated<string>;
  customer_id: string;
  /** E.164, like +447700900123: what search compares. */
  number: string;
  /** As the council writes it, like 07700 900123. */
  display: string;
  label: string | null;
  position: Generated<number>;
}

export interface CustomerAdjustmentTable {
  id: Generated<string>;
  customer_id: string;
  kind: AdjustmentKindCode;
  detail: Generated<string>;
  position: Generated<number>;
}

export interface CustomerMergeTable {
  id: Generated<string>;
  source_id: string;
  target_id: string;
  /** The ids of every row moved from the source to the target, so undo moves exactly those back. */
  moved: ColumnType<Record<string, string[]>, string, string>;
  merged_at: Date;
  merged_by_label: string;
  undone_at: Date | null;
  undone_by_label: string | null;
}

/** Where the council meets customers: contact centre, service centres, mail room. */
export interface CouncilLocationTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'contact_centre' | 'service_centre' | 'mail_room' | 'other';
  address: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

/** A file that came with a contact; the bytes in the FileStore, or not kept (and why). */
export interface ContactAttachmentTable {
  id: Generated<string>;
  contact_id: string;
  /** Sanitised for display and for Content-Disposition. */
  filename: string;
  size: number;
  file_key: string | null;
  /** Checked from the file's first bytes. */
  content_type: string | null;
  sha256: string | null;
  not_kept_reason: string | null;
}

/** Case status -> the status word Open311 clients know (FIXED, IN_PROGRESS...). */
export interface Open311StatusTable {
  status_code: string;
  word: string;
  updated_at: Timestamp;
}

/** An update an Open311 client posted, by the client's own id, so a retry is recorded once. */
export interface Open311ClientUpdateTable {
  client_system_id: string;
  client_update_id: string;
  case_event_id: string;
}

/** A level of escalation (features/cases/escalation) done once for a standard on a case. */
export interface CaseEscalationTable {
  case_id: string;
  standard_id: string;
  level: 'at_risk' | 'breached';
  escalated_at: Timestamp;
}

/** One piece of customer experience in the insight queue (features/insight, 0021). */
export interface FeedbackTable {
  id: Generated<string>;
  kind: 'complaint' | 'compliment' | 'comment' | 'failed_standard' | 'rating';
  received_at: Timestamp;
  /** When it happened, as the person said (YYYY-MM-DD); select it with to_char. */
  happened_on: ColumnType<Date | string | null, string | null | undefined, string | null>;
  channel: string;
  body: Generated<string>;
  service_id: string | null;
  standard_id: string | null;
  case_id: string | null;
  customer_id: string | null;
  rating_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  reviewed: Generated<boolean>;
  reviewed_at: Date | null;
  reviewed_by_label: string | null;
  created_at: Generated<Date>;
}

export interface InsightThemeTable {
  id: Generated<string>;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface FeedbackThemeTable {
  feedback_id: string;
  theme_id: string;
}

/** What the council does about what it heard, and how it tells residents ("You said, we did"). */
export interface InsightActionTable {
  id: Generated<string>;
  title: string;
  plan: Generated<string>;
  owner_id: string | null;
  service_id: string | null;
  /** A calendar date (YYYY-MM-DD); select it with to_char (see the note on calendar_day). */
  due_on: ColumnType<Date | string | null, string | null, string | null>;
  status: ColumnType<'open' | 'in_progress' | 'done' | 'cancelled', 'open' | 'in_progress' | 'done' | 'cancelled' | undefined, 'open' | 'in_progress' | 'done' | 'cancelled'>;
  outcome: Generated<string>;
  you_said: Generated<string>;
  we_did: Generated<string>;
  completed_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface InsightActionFeedbackTable {
  action_id: string;
  feedback_id: string;
}

/** A one-use link to rate how a case was handled (features/insight/ratings, 0022). */
export interface RatingLinkTable {
  id: Generated<string>;
  token_hash: string;
  case_id: string;
  purpose: 'acknowledgement' | 'closure' | 'web';
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** A satisfaction rating on the GovMetric scale: good +1, average 0, poor -1. */
export interface RatingTable {
  id: Generated<string>;
  score: -1 | 0 | 1;
  reason: string | null;
  comment: Generated<string>;
  channel: string;
  source: 'email_link' | 'web_form' | 'advisor';
  service_id: string | null;
  case_id: string | null;
  contact_id: string | null;
  customer_id: string | null;
  link_id: string | null;
  recorded_by: string | null;
  rated_at: Date;
  created_at: Generated<Date>;
}

// ---- complaints (features/complaints, 0020)

export interface ComplaintProcedureTable {
  code: string;
  current_version: Generated<number>;
  shipped: Generated<boolean>;
}

export interface ComplaintProcedureVersionTable {
  code: string;
  version: number;
  definition: ColumnType<Record<string, unknown>, string, never>;
  created_at: Timestamp;
  created_by_label: string;
}

export interface ComplaintSettingTable {
  id: ColumnType<number, 1 | undefined, never>;
  procedure_code: string;
  procedure_version: number;
  request_type_id: string;
  welsh: Generated<boolean>;
  adopted_at: Date;
  adopted_by_label: string;
}

export interface ComplaintTable {
  case_id: string;
  procedure_code: string;
  procedure_version: number;
  stage: Generated<number>;
  about_case_id: string | null;
  about_service_id: string | null;
  about_team_id: string | null;
  about_standard_id: string | null;
  /** The date of the problem the person gave, as text (YYYY-MM-DD). */
  problem_on: ColumnType<string | null, string | null, string | null>;
  late: Generated<boolean>;
  late_decision: 'accepted' | 'refused' | null;
  late_reason: string | null;
  language: Generated<'en' | 'cy'>;
}

export interface ComplaintStageTable {
  case_id: string;
  stage: number;
  started_at: Date;
  started_how: 'received' | 'escalated_by_resident' | 'escalated_by_staff' | 'direct';
  reason: string | null;
  handler_id: string | null;
}

export interface ComplaintResponseTable {
  case_id: string;
  stage: number;
  decision: 'upheld' | 'partly_upheld' | 'not_upheld' | 'resolved';
  reasons: string;
  apology: boolean;
  action_taken: string;
  payment_pence: number | null;
  learning: string;
  outstanding_actions: ColumnType<{ action: string; owner: string; dueOn: string }[], string, string>;
  how_to_escalate: string;
  language: 'en' | 'cy';
  letter_subject: string;
  letter_body: string;
  responded_at: Date;
  responded_by_id: string | null;
  responded_by_label: string;
}

/** England's self-assessment against the Complaint Handling Code (features/complaints/reports, 0023). */
export interface ComplaintSelfAssessmentTable {
  id: Generated<string>;
  position: number;
  section: string;
  requirement: string;
  met: 'yes' | 'no' | 'partly' | null;
  evidence: Generated<string>;
  commentary: Generated<string>;
  version: Generated<number>;
  updated_at: Date | null;
  updated_by_label: string | null;
}

/** A KPI's target and red threshold as set by managers (features/performance, 0024): append-only versions. */
export interface KpiTargetTable {
  code: string;
  version: number;
  /** numeric: read as a string; null puts the KPI back to its default target. */
  target: ColumnType<string | null, number | null, never>;
  red: ColumnType<string | null, number | null, never>;
  set_at: Date;
  set_by_label: string;
}

/** What one contact costs on a channel, in pence, as administrators set it (features/contacts/unit-costs, 0025): append-only versions. */
export interface ChannelUnitCostTable {
  channel: string;
  version: number;
  pence: number;
  set_at: Date;
  set_by_label: string;
}

/** A version of a quarter's Customer Service Review (features/performance/reviews, 0026); frozen once published. */
export interface PerformanceReviewTable {
  id: Generated<string>;
  period_key: string;
  version: number;
  status: 'draft' | 'published';
  correction_reason: string | null;
  summary_commentary: Generated<string>;
  /** KPI code -> commentary (jsonb). */
  commentary: ColumnType<Record<string, string>, string | undefined, string>;
  /** The figures as published (jsonb); null on a draft. */
  figures: ColumnType<unknown, string | null | undefined, string | null>;
  html: string | null;
  edit_version: Generated<number>;
  created_at: Date;
  created_by_label: string;
  updated_at: Date;
  published_at: Date | null;
  published_by_label: string | null;
}

/** An objective of the action plan (features/performance/action-plan, 0027). */
export interface ActionPlanObjectiveTable {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  position: number;
  version: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

/** An action of the action plan (0027); a service migration has its service and planned date. */
export interface ActionPlanActionTable {
  id: Generated<string>;
  objective_id: string;
  kind: ColumnType<'action' | 'service_migration', 'action' | 'service_migration' | undefined, 'action' | 'service_migration'>;
  title: string;
  description: Generated<string>;
  owner_id: string;
  /** A calendar date (YYYY-MM-DD); select it with to_char (see the note on calendar_day). */
  due_on: ColumnType<Date | string, string, string>;
  status: ColumnType<'open' | 'in_progress' | 'done' | 'cancelled', 'open' | 'in_progress' | 'done' | 'cancelled' | undefined, 'open' | 'in_progress' | 'done' | 'cancelled'>;
  rag: 'red' | 'amber' | 'green';
  service_id: string | null;
  planned_on: ColumnType<Date | string | null, string | null, string | null>;
  kpi_codes: ColumnType<string[], string[] | undefined, string[]>;
  closed_at: Date | null;
  version: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

/** A dated progress note on an action plan action, with a manager's RAG change if any (0027). */
export interface ActionPlanProgressTable {
  id: Generated<string>;
  action_id: string;
  noted_at: Date;
  by_id: string | null;
  by_label: string;
  note: string;
  rag: 'red' | 'amber' | 'green' | null;
  rag_before: 'red' | 'amber' | 'green' | null;
}

/** An owner told that an action was overdue, once per due date (0027). */
export interface ActionPlanOverdueNoticeTable {
  action_id: string;
  due_on: ColumnType<Date | string, string, never>;
  notified_at: Date;
  notification_id: string | null;
}

export interface OmbudsmanReferralTable {
  id: Generated<string>;
  case_id: string;
  ombudsman_reference: string;
  enquiry_on: ColumnType<string, string, string>;
  enquiry: string;
  decision: 'not_investigated' | 'upheld' | 'partly_upheld' | 'not_upheld' | 'settled' | null;
  decided_on: ColumnType<string | null, string | null | undefined, string | null>;
  recommended_remedy: string;
  remedy_complied_on: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Date;
  created_by_label: string;
}

export interface Schema {
  council: CouncilTable;
  complaint_procedure: ComplaintProcedureTable;
  complaint_procedure_version: ComplaintProcedureVersionTable;
  complaint_setting: ComplaintSettingTable;
  complaint: ComplaintTable;
  complaint_stage: ComplaintStageTable;
  complaint_response: ComplaintResponseTable;
  ombudsman_referral: OmbudsmanReferralTable;
  complaint_self_assessment: ComplaintSelfAssessmentTable;
  kpi_target: KpiTargetTable;
  channel_unit_cost: ChannelUnitCostTable;
  action_plan_objective: ActionPlanObjectiveTable;
  action_plan_action: ActionPlanActionTable;
  action_plan_progress: ActionPlanProgressTable;
  action_plan_overdue_notice: ActionPlanOverdueNoticeTable;
  performance_review: PerformanceReviewTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  sign_in_throttle: SignInThrottleTable;
  audit_event: AuditEventTable;
  app_setting: AppSettingTable;
  team: TeamTable;
  service: ServiceTable;
  service_standard: ServiceStandardTable;
  service_standard_version: ServiceStandardVersionTable;
  request_type: RequestTypeTable;
  request_type_version: RequestTypeVersionTable;
  cases: CasesTable;
  case_standard: CaseStandardTable;
  case_event: CaseEventTable;
  case_escalation: CaseEscalationTable;
  calendar_day: CalendarDayTable;
  calendar_opening_hours: CalendarOpeningHoursTable;
  calendar_setting: CalendarSettingTable;
  calendar_version: CalendarVersionTable;
  client_system: ClientSystemTable;
  api_key: ApiKeyTable;
  case_attachment: CaseAttachmentTable;
  workflow: WorkflowTable;
  open311_status: Open311StatusTable;
  open311_client_update: Open311ClientUpdateTable;
  team_member: TeamMemberTable;
  job: JobTable;
  notification_template: NotificationTemplateTable;
  notification: NotificationTable;
  contact: ContactTable;
  contact_attachment: ContactAttachmentTable;
  customer: CustomerTable;
  customer_email: CustomerEmailTable;
  customer_phone: CustomerPhoneTable;
  customer_adjustment: CustomerAdjustmentTable;
  customer_merge: CustomerMergeTable;
  council_location: CouncilLocationTable;
  feedback: FeedbackTable;
  insight_theme: InsightThemeTable;
  feedback_theme: FeedbackThemeTable;
  insight_action: InsightActionTable;
  insight_action_feedback: InsightActionFeedbackTable;
  rating_link: RatingLinkTable;
  rating: RatingTable;
}

export type CouncilRow = Selectable<CouncilTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type StaffUserUpdate = Updateable<StaffUserTable>;
