// Loads the demo council's service catalogue (teams, services, standards, request types) through
// the charter's own service functions, so the demo obeys the same rules as an administrator.
import type { Actor } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/database.js';
import { fieldDefinitionsSchema } from '../features/charter/fields/model.js';
import { DEFAULT_AT_RISK_PERCENT } from '../features/charter/model.js';
import { addRequestType, addStandard, createService, createTeam } from '../features/charter/service.js';
import { DEMO_SERVICES, DEMO_TEAMS } from './catalogue.js';

export async function loadDemoCatalogue(db: Db, actor: Actor): Promise<void> {
  const teamIds = new Map<string, string>();
  for (const team of DEMO_TEAMS) teamIds.set(team.name, (await createTeam(db, actor, team)).id);
  for (const demo of DEMO_SERVICES) {
    const teamId = teamIds.get(demo.team) ?? null;
    const serviceId = await createService(db, actor, { code: demo.code, name: demo.name, department: demo.department, teamId, description: demo.description, channels: demo.channels, published: demo.published });
    const standardIds = new Map<string, string>();
    for (const standard of demo.standards) standardIds.set(standard.code, await addStandard(db, actor, serviceId, { atRiskPercent: DEFAULT_AT_RISK_PERCENT, extensionLimit: null, ...standard }));
    for (const rt of demo.requestTypes) {
      await addRequestType(db, actor, serviceId, {
        code: rt.code,
        name: rt.name,
        description: rt.description,
        teamId,
        audiences: rt.audiences,
        standardIds: rt.standardCodes.map((code) => standardIds.get(code) ?? ''),
        active: true,
        workflowCode: 'default',
        locationPublic: rt.locationPublic ?? false,
        fields: fieldDefinitionsSchema.parse(rt.fields),
      });
    }
  }
}
