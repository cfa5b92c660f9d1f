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

export interface Schema {
  council: CouncilTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  audit_event: AuditEventTable;
  app_setting: AppSettingTable;
}

export type CouncilRow = Selectable<CouncilTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type StaffUserUpdate = Updateable<StaffUserTable>;
