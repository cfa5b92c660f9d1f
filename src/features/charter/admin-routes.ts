// Staff pages for the service catalogue: everyone may look, administrators change it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { formBody, formError, invalidInputErrors, parseForm, toFormErrors, type FormErrors } from '../../platform/web/forms.js';
import { AUDIENCE_NAMES, AUDIENCES, CASE_MILESTONES, CHANNEL_NAMES, CHANNELS, CLOCK_UNIT_NAMES, CLOCK_UNITS, DEFAULT_AT_RISK_PERCENT, describeAtRisk, describeClock, MILESTONE_NAMES, serviceSchema, STAGE_NAMES, STAGES, standardSchema, teamSchema, UUID, type Team } from './model.js';
import { requestTypeSchema } from './request-types.js';
import { fieldRowsAsPosted, fieldRowsFromForm, fieldRowsToForm, type FieldRow, type FormFields } from './field-rows.js';
import { FIELD_TYPES, FIELD_TYPE_NAMES, type FieldDefinition } from './fields/model.js';
import { listWorkflows } from '../cases/workflow/service.js';
import * as charter from './service.js';
import { selectAssignableStaff, selectStaffName } from '../cases/case-page/queries.js';
import { addTeamMember, listTeamMembers, MembershipNotFound, removeTeamMember, setTeamLead } from '../cases/queue/membership.js';

const VIEWS = 'features/charter/views';
const read = { permission: 'charter:read' } as const;
const manage = { permission: 'charter:manage' } as const;

type Params = { id: string };

const items = <T extends string>(values: readonly T[], names: Record<T, string>, chosen: unknown) => {
  const picked = ([] as unknown[]).concat(chosen ?? []);
  return values.map((value) => ({ value, text: names[value], checked: picked.includes(value), selected: picked.includes(value) }));
};

async function teamItems(db: Db, chosen: unknown) {
  const teams = await charter.listTeams(db);
  return [{ value: '', text: 'No team yet' }, ...teams.map((t) => ({ value: t.id, text: `${t.name} (${t.department})`, selected: t.id === chosen }))];
}

/** "Can be extended by up to 10 working days", as staff read a standard's details. */
function describeExtension(unit: (typeof CLOCK_UNITS)[number], amount: number, limit: number | null): string {
  if (limit === 0) return 'Cannot be extended';
  return `Can be extended by up to ${describeClock(unit, limit ?? amount)}`;
}

/** Runs a change; turns user-caused failures into the form's errors instead of a 500. */
async function attempt(run: () => Promise<void>, fieldId?: (field: string) => string): Promise<FormErrors | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (error instanceof InvalidInput) return invalidInputErrors(error, fieldId);
    if (error instanceof StaleEditError) return formError('form-top', `${error.message}. Your changes are below and have not been saved: open the page again to see theirs.`);
    throw error;
  }
}

function notFoundAware(handler: (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => Promise<FastifyReply>) {
  return async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof charter.NotFound || (error as { code?: string }).code === '22P02') return reply.callNotFound();
      throw error;
    }
  };
}

export function registerCharterAdminRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  // ---- teams and who is in them (the membership behind "my teams" in the work queue)
  const showTeams = async (reply: FastifyReply, values: Record<string, unknown> = {}, errors?: FormErrors) => {
    const [teams, members] = await Promise.all([charter.listTeams(db), listTeamMembers(db)]);
    const teamsWithMembers = teams.map((t) => ({ ...t, members: members.filter((m) => m.teamId === t.id) }));
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/teams.njk`, { pageTitle: 'Teams', teams: teamsWithMembers, values, errors });
  };
  app.get('/staff/teams', { config: read }, (_request, reply) => showTeams(reply));
  app.post('/staff/teams', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const form = parseForm(teamSchema, body);
    if (!form.ok) return showTeams(reply, body, form.errors);
    const errors = await attempt(async () => void (await charter.createTeam(db, request.actor(), form.value)));
    return errors ? showTeams(reply, body, errors) : reply.redirect('/staff/teams', 303);
  });

  registerTeamMemberRoutes(app, db);

  // ---- services
  app.get('/staff/services', { config: read }, async (_request, reply) => {
    const services = await charter.listServices(db);
    const [standards, requestTypes] = await Promise.all([charter.listStandards(db), charter.listRequestTypes(db)]);
    return reply.page(`${VIEWS}/services.njk`, {
      pageTitle: 'Services',
      services: services.map((s) => ({ ...s, standards: standards.filter((x) => x.serviceId === s.id).length, requestTypes: requestTypes.filter((x) => x.serviceId === s.id).length })),
    });
  });

  const showServiceForm = async (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors, serviceId?: string) =>
    reply.code(errors ? (errors.summary[0]?.href === '#form-top' ? 409 : 400) : 200).page(`${VIEWS}/service-form.njk`, {
      pageTitle: serviceId ? 'Change a service' : 'Add a service',
      action: serviceId ? `/staff/services/${serviceId}/edit` : '/staff/services/new',
      values,
      errors,
      channels: items(CHANNELS, CHANNEL_NAMES, values.channels),
      teams: await teamItems(db, values.teamId),
    });

  app.get('/staff/services/new', { config: manage }, (_request, reply) => showServiceForm(reply, { published: 'no', channels: ['phone', 'web', 'email'] }));
  app.post('/staff/services/new', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const form = parseForm(serviceSchema, body);
    if (!form.ok) return showServiceForm(reply, body, form.errors);
    let id = '';
    const errors = await attempt(async () => void (id = await charter.createService(db, request.actor(), form.value)));
    return errors ? showServiceForm(reply, body, errors) : reply.redirect(`/staff/services/${id}`, 303);
  });

  app.get<{ Params: Params }>('/staff/services/:id', { config: read }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    const [standards, requestTypes] = await Promise.all([charter.listStandards(db, [service.id]), charter.listRequestTypes(db, { serviceIds: [service.id] })]);
    return reply.page(`${VIEWS}/service.njk`, {
      pageTitle: service.name,
      service,
      channelNames: service.channels.map((c) => CHANNEL_NAMES[c]).join(', '),
      standards: standards.map((s) => ({ ...s, stageName: STAGE_NAMES[s.stage], clock: describeClock(s.clockUnit, s.clockAmount), atRisk: describeAtRisk(s.atRiskPercent), extension: describeExtension(s.clockUnit, s.clockAmount, s.extensionLimit) })),
      requestTypes,
    });
  }));

  app.get<{ Params: Params }>('/staff/services/:id/edit', { config: manage }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    return showServiceForm(reply, { ...service, published: service.published ? 'yes' : 'no' }, undefined, service.id);
  }));
  app.post<{ Params: Params }>('/staff/services/:id/edit', { config: manage }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    const body = formBody(request.body);
    const form = parseForm(serviceSchema, body);
    if (!form.ok) return showServiceForm(reply, body, form.errors, service.id);
    const errors = await attempt(() => charter.changeService(db, request.actor(), service.id, form.value, Number(body.version)));
    return errors ? showServiceForm(reply, body, errors, service.id) : reply.redirect(`/staff/services/${service.id}`, 303);
  }));

  // ---- standards
  const showStandardForm = (reply: FastifyReply, service: { id: string; name: string }, values: Record<string, unknown>, errors?: FormErrors, standardId?: string) =>
    reply.code(errors ? (errors.summary[0]?.href === '#form-top' ? 409 : 400) : 200).page(`${VIEWS}/standard-form.njk`, {
      pageTitle: standardId ? 'Change a service standard' : 'Add a service standard',
      action: standardId ? `/staff/standards/${standardId}/edit` : `/staff/services/${service.id}/standards/new`,
      service,
      revising: !!standardId,
      values,
      errors,
      stages: items(STAGES, STAGE_NAMES, values.stage),
      clockUnits: items(CLOCK_UNITS, Object.fromEntries(CLOCK_UNITS.map((u) => [u, CLOCK_UNIT_NAMES[u][1]])) as Record<(typeof CLOCK_UNITS)[number], string>, values.clockUnit),
      startEvents: items(CASE_MILESTONES, MILESTONE_NAMES, values.startEvent),
      stopEvents: items(CASE_MILESTONES, MILESTONE_NAMES, values.stopEvent),
    });

  app.get<{ Params: Params }>('/staff/services/:id/standards/new', { config: manage }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    return showStandardForm(reply, service, { published: 'yes', clockUnit: 'working_days', startEvent: 'received', stopEvent: 'resolved', targetPercent: '95', atRiskPercent: String(DEFAULT_AT_RISK_PERCENT) });
  }));
  app.post<{ Params: Params }>('/staff/services/:id/standards/new', { config: manage }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    const body = formBody(request.body);
    const form = parseForm(standardSchema, body);
    if (!form.ok) return showStandardForm(reply, service, body, form.errors);
    const errors = await attempt(async () => void (await charter.addStandard(db, request.actor(), service.id, form.value)));
    return errors ? showStandardForm(reply, service, body, errors) : reply.redirect(`/staff/services/${service.id}`, 303);
  }));

  app.get<{ Params: Params }>('/staff/standards/:id/edit', { config: manage }, notFoundAware(async (request, reply) => {
    const standard = await charter.getStandard(db, request.params.id);
    const service = await charter.getService(db, { id: standard.serviceId });
    return showStandardForm(reply, service, { ...standard, clockAmount: String(standard.clockAmount), targetPercent: String(standard.targetPercent), atRiskPercent: String(standard.atRiskPercent), extensionLimit: standard.extensionLimit === null ? '' : String(standard.extensionLimit), published: standard.published ? 'yes' : 'no' }, undefined, standard.id);
  }));
  app.post<{ Params: Params }>('/staff/standards/:id/edit', { config: manage }, notFoundAware(async (request, reply) => {
    const standard = await charter.getStandard(db, request.params.id);
    const service = await charter.getService(db, { id: standard.serviceId });
    const body: Record<string, string | string[]> = { ...formBody(request.body), code: standard.code };
    const form = parseForm(standardSchema, body);
    if (!form.ok) return showStandardForm(reply, service, body, form.errors, standard.id);
    const errors = await attempt(async () => void (await charter.reviseStandard(db, request.actor(), standard.id, form.value, Number(body.version))));
    return errors ? showStandardForm(reply, service, body, errors, standard.id) : reply.redirect(`/staff/services/${service.id}`, 303);
  }));

  // ---- request types
  const showRequestTypeForm = async (reply: FastifyReply, service: { id: string; name: string }, values: Record<string, unknown>, rows: FieldRow[], errors?: FormErrors, requestTypeId?: string) => {
    const [standards, workflows] = await Promise.all([charter.listStandards(db, [service.id]), listWorkflows(db)]);
    return reply.code(errors ? (errors.summary[0]?.href === '#form-top' ? 409 : 400) : 200).page(`${VIEWS}/request-type-form.njk`, {
      pageTitle: requestTypeId ? 'Change a request type' : 'Add a request type',
      action: requestTypeId ? `/staff/request-types/${requestTypeId}/edit` : `/staff/services/${service.id}/request-types/new`,
      service,
      revising: !!requestTypeId,
      values,
      rows,
      errors,
      fieldTypes: FIELD_TYPES.map((value) => ({ value, text: FIELD_TYPE_NAMES[value] })),
      audiences: items(AUDIENCES, AUDIENCE_NAMES, values.audiences),
      standards: standards.map((s) => ({ value: s.id, text: s.sentence, checked: ([] as unknown[]).concat(values.standardIds ?? []).includes(s.id) })),
      teams: await teamItems(db, values.teamId),
      // The statuses its cases move through (features/cases/workflow); a new request type starts on the default.
      workflows: workflows.map((w) => ({ value: w.code, text: w.name, selected: w.code === (values.workflowCode || 'default') })),
    });
  };

  /** Validates the whole request type, including its field rows; errors point at the row's inputs. */
  const parseRequestType = (body: Record<string, string | string[]>, previous: readonly FieldDefinition[] = []) => {
    const rows = fieldRowsFromForm(body, previous);
    const parsed = requestTypeSchema.safeParse({ ...body, fields: rows.definitions });
    const fieldId = (path: PropertyKey[]) => (path[0] === 'fields' ? rows.inputId(path) : String(path[0]));
    if (parsed.success) return { ok: true as const, value: parsed.data, rows };
    return { ok: false as const, errors: errorsByPath(parsed.error, fieldId) };
  };

  app.get<{ Params: Params }>('/staff/services/:id/request-types/new', { config: manage }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    return showRequestTypeForm(reply, service, { audiences: ['resident', 'advisor'], teamId: service.teamId, locationPublic: 'no' }, fieldRowsToForm([], 3));
  }));
  app.post<{ Params: Params }>('/staff/services/:id/request-types/new', { config: manage }, notFoundAware(async (request, reply) => {
    const service = await charter.getService(db, { id: request.params.id });
    const body = formBody(request.body);
    const rows = fieldRowsAsPosted(body);
    if (body.action === 'add-field') return showRequestTypeForm(reply, service, body, [...rows, ...fieldRowsToForm([], 1)]);
    const form = parseRequestType(body);
    if (!form.ok) return showRequestTypeForm(reply, service, body, rows, form.errors);
    const errors = await attempt(async () => void (await charter.addRequestType(db, request.actor(), service.id, form.value)));
    return errors ? showRequestTypeForm(reply, service, body, rows, errors) : reply.redirect(`/staff/services/${service.id}`, 303);
  }));

  app.get<{ Params: Params }>('/staff/request-types/:id/edit', { config: manage }, notFoundAware(async (request, reply) => {
    const requestType = await charter.getRequestType(db, { id: request.params.id });
    const service = await charter.getService(db, { id: requestType.serviceId });
    const values = { ...requestType, active: requestType.active ? 'yes' : 'no', locationPublic: requestType.locationPublic ? 'yes' : 'no' };
    return showRequestTypeForm(reply, service, values, fieldRowsToForm(requestType.fields, 1), undefined, requestType.id);
  }));
  app.post<{ Params: Params }>('/staff/request-types/:id/edit', { config: manage }, notFoundAware(async (request, reply) => {
    const requestType = await charter.getRequestType(db, { id: request.params.id });
    const service = await charter.getService(db, { id: requestType.serviceId });
    const body: Record<string, string | string[]> = { ...formBody(request.body), code: requestType.code };
    const rows = fieldRowsAsPosted(body, requestType.fields);
    if (body.action === 'add-field') return showRequestTypeForm(reply, service, body, [...rows, ...fieldRowsToForm([], 1)], undefined, requestType.id);
    const form = parseRequestType(body, requestType.fields);
    if (!form.ok) return showRequestTypeForm(reply, service, body, rows, form.errors, requestType.id);
    const revise = () => charter.reviseRequestType(db, request.actor(), requestType.id, form.value, Number(body.version), form.rows.mappings);
    const errors = await attempt(async () => void (await withOptionErrors(revise, form.rows)));
    return errors ? showRequestTypeForm(reply, service, body, rows, errors, requestType.id) : reply.redirect(`/staff/services/${service.id}`, 303);
  }));
}

/** A team's members page: who is in it, who leads it; administrators add, change and remove members. */
function registerTeamMemberRoutes(app: FastifyInstance, db: Db): void {
  type TeamParams = { Params: Params & { userId?: string }; Querystring: { done?: string; person?: string } };
  const findTeam = async (id: string) => (UUID.test(id) ? (await charter.listTeams(db)).find((t) => t.id === id) : undefined);
  const showTeam = async (reply: FastifyReply, team: Team, shown: { values?: Record<string, unknown>; errors?: FormErrors; code?: number; banner?: string } = {}) => {
    const [members, people] = await Promise.all([listTeamMembers(db, team.id), selectAssignableStaff(db, team.id)]);
    const values = shown.values ?? {};
    return reply.code(shown.code ?? (shown.errors ? 400 : 200)).page(`${VIEWS}/team.njk`, {
      pageTitle: `Members of ${team.name}`,
      team,
      members,
      // Everyone active who is not in the team yet.
      people: [{ value: '', text: 'Choose a person' }, ...people.filter((p) => !p.inTeam).map((p) => ({ value: p.id, text: p.name, selected: p.id === values.userId }))],
      values,
      errors: shown.errors,
      banner: shown.banner,
    });
  };
  const TEAM_DONE: Record<string, (name: string, team: string) => string> = {
    added: (name, team) => `${name} added to ${team}`,
    lead: (name) => `${name} is now a team lead`,
    'not-lead': (name) => `${name} is no longer a team lead`,
    removed: (name, team) => `${name} removed from ${team}`,
  };
  const teamDone = (team: Team, userId: string, done: string) => `/staff/teams/${team.id}?done=${done}&person=${userId}`;

  app.get<TeamParams>('/staff/teams/:id', { config: read }, async (request, reply) => {
    const team = await findTeam(request.params.id);
    if (!team) return reply.callNotFound();
    const { done, person } = request.query;
    const name = done && TEAM_DONE[done] && person && UUID.test(person) ? await selectStaffName(db, person) : undefined;
    return showTeam(reply, team, { banner: name && TEAM_DONE[done!]!(name, team.name) });
  });

  app.post<TeamParams>('/staff/teams/:id/members', { config: manage }, async (request, reply) => {
    const team = await findTeam(request.params.id);
    if (!team) return reply.callNotFound();
    const body = formBody(request.body);
    const userId = String(body.userId ?? '');
    if (!UUID.test(userId)) return showTeam(reply, team, { values: body, errors: formError('userId', 'Choose a person to add to the team') });
    const errors = await attempt(() => addTeamMember(db, request.actor(), { teamId: team.id, userId, lead: body.lead === 'yes' }));
    return errors ? showTeam(reply, team, { values: body, errors }) : reply.redirect(teamDone(team, userId, 'added'), 303);
  });

  // Changing or removing a member someone else has just removed says so, rather than failing.
  const changeMember = (action: 'lead' | 'remove', run: (actor: Actor, teamId: string, userId: string, body: Record<string, string | string[]>) => Promise<string>) =>
    app.post<TeamParams>(`/staff/teams/:id/members/:userId/${action}`, { config: manage }, async (request, reply) => {
      const team = await findTeam(request.params.id);
      const userId = request.params.userId ?? '';
      if (!team || !UUID.test(userId)) return reply.callNotFound();
      try {
        return reply.redirect(teamDone(team, userId, await run(request.actor(), team.id, userId, formBody(request.body))), 303);
      } catch (error) {
        if (!(error instanceof MembershipNotFound)) throw error;
        return showTeam(reply, team, { code: 409, errors: formError('members', 'That person is no longer a member of this team. The list below is up to date.') });
      }
    });
  changeMember('lead', async (actor, teamId, userId, body) => {
    const lead = body.lead === 'yes';
    await setTeamLead(db, actor, { teamId, userId, lead });
    return lead ? 'lead' : 'not-lead';
  });
  changeMember('remove', async (actor, teamId, userId) => {
    await removeTeamMember(db, actor, { teamId, userId });
    return 'removed';
  });
}

/** Removed option values still in use point at the option's "map to" on the form, not at an API path. */
async function withOptionErrors<T>(run: () => Promise<T>, rows: FormFields): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof charter.OptionValuesInUse)) throw error;
    throw new InvalidInput(error.problems.map((p) => ({ field: rows.optionInputId(p.fieldCode, p.value), message: p.message })));
  }
}

function errorsByPath(error: z.ZodError, fieldId: (path: PropertyKey[]) => string): FormErrors {
  const relabelled = error.issues.map((issue) => ({ ...issue, path: [fieldId(issue.path)] }));
  return toFormErrors({ issues: relabelled } as z.ZodError);
}
