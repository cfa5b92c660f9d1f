// The demo council's team membership, so that the demo officer's work queue has cases in it: the
// officer works in every team that runs a demo service, and the manager leads those teams. Added
// through the queue's own membership functions, audited like an administrator's change. Runs after
// the demo staff exist (they are created after the catalogue); running it again adds nothing.
import type { Actor } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/database.js';
import { addTeamMember, listTeamMembers } from '../features/cases/queue/membership.js';
import { DEMO_SERVICES } from './catalogue.js';

export const DEMO_TEAM_MEMBERS: { email: string; lead: boolean }[] = [
  { email: 'officer@brackenfield.example', lead: false },
  { email: 'manager@brackenfield.example', lead: true },
];

export async function loadDemoTeamMembers(db: Db, actor: Actor): Promise<void> {
  const teamNames = [...new Set(DEMO_SERVICES.map((s) => s.team))];
  const teams = await db.selectFrom('team').select('id').where('name', 'in', teamNames).orderBy('name').execute();
  const people = await db.selectFrom('staff_user').select(['id', 'email']).where('email', 'in', DEMO_TEAM_MEMBERS.map((m) => m.email)).execute();
  const existing = new Set((await listTeamMembers(db)).map((m) => `${m.teamId} ${m.userId}`));
  for (const team of teams) {
    for (const member of DEMO_TEAM_MEMBERS) {
      const person = people.find((p) => p.email === member.email);
      if (person && !existing.has(`${team.id} ${person.id}`)) await addTeamMember(db, actor, { teamId: team.id, userId: person.id, lead: member.lead });
    }
  }
}
