// SQL the officer's case page reads beside the lifecycle's own store: the request type as it was
// when the case was raised, the case's files, who can be assigned, and the names a case row only
// holds ids for.
import type { Db } from '../../../platform/db/database.js';
import type { FieldDefinition } from '../../charter/fields/model.js';

/** The request type's name and form at the version the case was raised with, so old answers keep their questions. */
export async function selectRequestTypeVersion(db: Db, requestTypeId: string, version: number): Promise<{ name: string; fields: FieldDefinition[] }> {
  const row = await db
    .selectFrom('request_type_version')
    .select(['name', 'fields'])
    .where('request_type_id', '=', requestTypeId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  return { name: row.name, fields: row.fields as FieldDefinition[] };
}

export interface CaseFile {
  id: string;
  fieldCode: string;
  filename: string;
  size: number;
}

export async function selectCaseFiles(db: Db, caseId: string): Promise<CaseFile[]> {
  const rows = await db
    .selectFrom('case_attachment')
    .select(['id', 'field_code', 'filename', 'size'])
    .where('case_id', '=', caseId)
    .orderBy('attached_at')
    .orderBy('filename')
    .execute();
  return rows.map((r) => ({ id: r.id, fieldCode: r.field_code, filename: r.filename, size: r.size }));
}

export interface Assignable {
  id: string;
  name: string;
  /** A member of the case's team: listed first. */
  inTeam: boolean;
}

/** Active staff, the members of `teamId` first, each group by name. */
export async function selectAssignableStaff(db: Db, teamId: string | null): Promise<Assignable[]> {
  const members = teamId ? await db.selectFrom('team_member').select('user_id').where('team_id', '=', teamId).execute() : [];
  const inTeam = new Set(members.map((m) => m.user_id));
  const users = await db.selectFrom('staff_user').select(['id', 'display_name']).where('active', '=', true).orderBy('display_name').execute();
  const people = users.map((u) => ({ id: u.id, name: u.display_name, inTeam: inTeam.has(u.id) }));
  return [...people.filter((p) => p.inTeam), ...people.filter((p) => !p.inTeam)];
}

/** The display name of a member of staff, active or not (a case may still be held by someone who left). */
export async function selectStaffName(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('staff_user').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name;
}
