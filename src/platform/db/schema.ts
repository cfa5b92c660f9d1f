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
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
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
}

export interface CaseStandardTable {
  case_id: string;
  standard_id: string;
  standard_version: number;
  started_at: Date | null;
  due_at: Date | null;
  calendar_version_id: string | null;
}

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
}

export interface Schema {
  council: CouncilTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
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
  calendar_day: CalendarDayTable;
  calendar_opening_hours: CalendarOpeningHoursTable;
  calendar_setting: CalendarSettingTable;
  calendar_version: CalendarVersionTable;
  client_system: ClientSystemTable;
  api_key: ApiKeyTable;
  case_attachment: CaseAttachmentTable;
}

export type CouncilRow = Selectable<CouncilTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type StaffUserUpdate = Updateable<StaffUserTable>;
