// Who works in which team: the membership behind "my teams" in the work queue and the count in the
// navigation. Administrators change it on the teams page; every change is audited. A team may have
// more than one lead (a job share, a deputy).
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';

export interface TeamMember {
  teamId: string;
  userId: string;
  name: string;
  email: string;
  lead: boolean;
  /** A deactivated account keeps its membership until someone removes it, and shows as such. */
  active: boolean;
}

export class MembershipNotFound extends Error {}

/** Every team's members, leads first, then by name. */
export async function listTeamMembers(db: Db, teamId?: string): Promise<TeamMember[]> {
  let query = db
    .selectFrom('team_member as m')
    .innerJoin('staff_user as u', 'u.id', 'm.user_id')
    .select(['m.team_id', 'm.user_id', 'm.lead', 'u.display_name', 'u.email', 'u.active'])
    .orderBy('m.lead', 'desc')
    .orderBy('u.display_name');
  if (teamId) query = query.where('m.team_id', '=', teamId);
  const rows = await query.execute();
  return rows.map((r) => ({ teamId: r.team_id, userId: r.user_id, name: r.display_name, email: r.email, lead: r.lead, active: r.active }));
}

async function teamName(db: Db, teamId: string): Promise<string> {
  const team = await db.selectFrom('team').select('name').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new MembershipNotFound(teamId);
  return team.name;
}

/** The display name for the audit trail, active or not. */
async function personName(db: Db, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('staff_user').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name;
}

export async function addTeamMember(db: Db, actor: Actor, input: { teamId: string; userId: string; lead: boolean }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const team = await teamName(trx, input.teamId);
    const person = await trx.selectFrom('staff_user').select('display_name').where('id', '=', input.userId).where('active', '=', true).executeTakeFirst();
    if (!person) throw new InvalidInput([{ field: 'userId', message: 'Choose a person from the list' }]);
    const added = await trx
      .insertInto('team_member')
      .values({ team_id: input.teamId, user_id: input.userId, lead: input.lead })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!added) throw new InvalidInput([{ field: 'userId', message: `${person.display_name} is already a member of ${team}` }]);
    await recordAudit(trx, actor, { action: 'team.member_added', subjectType: 'team', subjectId: input.teamId, detail: { team, userId: input.userId, member: person.display_name, lead: input.lead } });
  });
}

/** Makes a member a lead of the team, or no longer one. */
export async function setTeamLead(db: Db, actor: Actor, input: { teamId: string; userId: string; lead: boolean }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const team = await teamName(trx, input.teamId);
    const changed = await trx.updateTable('team_member').set({ lead: input.lead }).where('team_id', '=', input.teamId).where('user_id', '=', input.userId).returning('user_id').executeTakeFirst();
    if (!changed) throw new MembershipNotFound(`${input.userId} in ${input.teamId}`);
    await recordAudit(trx, actor, { action: 'team.lead_changed', subjectType: 'team', subjectId: input.teamId, detail: { team, userId: input.userId, member: await personName(trx, input.userId), lead: input.lead } });
  });
}

/** Takes a person out of a team. Cases assigned to them stay theirs until someone reassigns them. */
export async function removeTeamMember(db: Db, actor: Actor, input: { teamId: string; userId: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const team = await teamName(trx, input.teamId);
    const removed = await trx.deleteFrom('team_member').where('team_id', '=', input.teamId).where('user_id', '=', input.userId).returning('user_id').executeTakeFirst();
    if (!removed) throw new MembershipNotFound(`${input.userId} in ${input.teamId}`);
    await recordAudit(trx, actor, { action: 'team.member_removed', subjectType: 'team', subjectId: input.teamId, detail: { team, userId: input.userId, member: await personName(trx, input.userId) } });
  });
}
