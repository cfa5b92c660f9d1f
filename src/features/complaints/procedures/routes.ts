// The administrator's side of complaints procedures: the four nations' codes as shipped, the
// council's copies, which one it follows, copying one, changing a copy and adopting one. Shipped
// procedures are the codes as published and are never changed here: a council changes a copy.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError, type FieldIssue } from '../../../platform/errors.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import { NotFound } from '../../charter/service.js';
import { describeClock, MILESTONE_NAMES, type CaseMilestone } from '../../charter/model.js';
import { NATION_NAMES } from '../../../time/nation.js';
import { procedureSchema, stageEventIssues, REPORT_NAMES, REPORTS, type Procedure, type ProcedureDefinition, type StageStandard } from '../model.js';
import { adoptProcedure, copyProcedure, getComplaintSetup, listProcedures, reviseProcedure } from '../service.js';

const VIEWS = 'features/complaints/procedures/views';
const manage = { permission: 'complaints:manage' } as const;
const BASE = '/staff/complaints/procedures';

export const proceduresNavigation: NavigationItem = { href: BASE, text: 'Complaints procedures', permission: 'complaints:manage' };

type Body = Record<string, string | string[]>;
type Params = { code: string };
const one = (body: Body, name: string): string => String(([] as string[]).concat(body[name] ?? '')[0] ?? '');

/** Each stage's own milestones, in order: a stage's clocks start and stop on these only (see model.ts STAGE_MILESTONES). */
export const STAGE_EVENTS = {
  1: ['received', 'acknowledged', 'resolved'],
  2: ['escalated', 'escalation_acknowledged', 'escalation_resolved'],
} as const satisfies Record<1 | 2, readonly CaseMilestone[]>;
const STAGES = [1, 2] as const;
type StageNumber = (typeof STAGES)[number];

/** The units a complaint timescale is counted in (the codes count in working days; calendar days for a council that does). */
const UNITS = ['working_days', 'calendar_days'] as const;
const UNIT_NAMES: Record<string, string> = { working_days: 'Working days', calendar_days: 'Calendar days', working_hours: 'Working hours', calendar_months: 'Calendar months' };

/** An issue's path (stages.1.standards.0.clockAmount) as the id and name of its input. */
export const fieldId = (path: string): string => path.replace(/\./g, '-');

// ---- reading a procedure in plain words

const months = (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`;

function describeStandard(s: StageStandard) {
  return {
    ...s,
    clock: describeClock(s.clockUnit, s.clockAmount),
    from: MILESTONE_NAMES[s.startEvent],
    to: MILESTONE_NAMES[s.stopEvent],
    extension: s.extensionLimit === 0 ? 'Cannot be extended' : `Up to ${describeClock(s.clockUnit, s.extensionLimit)} more`,
    kindName: s.kind === 'acknowledgement' ? 'Acknowledgement' : 'Response',
  };
}

function describeProcedure(d: ProcedureDefinition) {
  return {
    ...d,
    nationName: NATION_NAMES[d.nation],
    reportName: REPORT_NAMES[d.report],
    timeLimit: `${months(d.timeLimitMonths)} from the problem, or from when the person found out about it`,
    stage2Request: d.stage2RequestMonths === null ? 'No separate limit' : `${months(d.stage2RequestMonths)} from the stage 1 response`,
    stageList: STAGES.map((n) => ({ number: n, name: d.stages[n].name, heading: d.stages[n].name.startsWith(`Stage ${n}`) ? d.stages[n].name : `Stage ${n}: ${d.stages[n].name}`, standards: d.stages[n].standards.map(describeStandard) })),
  };
}

// ---- the edit form

/** The form's inputs, named by the definition's paths, as a definition shows them. */
export function formValues(d: ProcedureDefinition): Record<string, string> {
  const values: Record<string, string> = {
    name: d.name,
    report: d.report,
    timeLimitMonths: String(d.timeLimitMonths),
    stage2RequestMonths: d.stage2RequestMonths === null ? '' : String(d.stage2RequestMonths),
    differentHandlerAtStage2: d.differentHandlerAtStage2 ? 'yes' : 'no',
    replyInLanguageUsed: d.replyInLanguageUsed ? 'yes' : 'no',
    'ombudsman-name': d.ombudsman.name,
    'ombudsman-phone': d.ombudsman.phone,
    'ombudsman-website': d.ombudsman.website,
    'ombudsman-address': d.ombudsman.address,
  };
  for (const n of STAGES) {
    values[`stages-${n}-name`] = d.stages[n].name;
    d.stages[n].standards.forEach((s, j) => {
      const at = `stages-${n}-standards-${j}`;
      Object.assign(values, {
        [`${at}-sentence`]: s.sentence,
        [`${at}-clockAmount`]: String(s.clockAmount),
        [`${at}-clockUnit`]: s.clockUnit,
        [`${at}-startEvent`]: s.startEvent,
        [`${at}-stopEvent`]: s.stopEvent,
        [`${at}-extensionLimit`]: String(s.extensionLimit),
        [`${at}-targetPercent`]: String(s.targetPercent),
      });
    });
  }
  return values;
}

const yesNo = (value: string): boolean | undefined => (value === 'yes' ? true : value === 'no' ? false : undefined);

/**
 * The whole definition as posted, for procedureSchema: the copy's nation, its standards' codes and
 * kinds and their number are kept; everything else comes from the form (numbers as typed).
 */
function definitionFromForm(saved: ProcedureDefinition, body: Body): Record<string, unknown> {
  const stage = (n: StageNumber) => ({
    name: one(body, `stages-${n}-name`),
    standards: saved.stages[n].standards.map((s, j) => {
      const at = `stages-${n}-standards-${j}`;
      return {
        code: s.code,
        kind: s.kind,
        sentence: one(body, `${at}-sentence`),
        clockUnit: one(body, `${at}-clockUnit`),
        clockAmount: one(body, `${at}-clockAmount`),
        startEvent: one(body, `${at}-startEvent`),
        stopEvent: one(body, `${at}-stopEvent`),
        extensionLimit: one(body, `${at}-extensionLimit`),
        targetPercent: one(body, `${at}-targetPercent`),
      };
    }),
  });
  const stage2 = one(body, 'stage2RequestMonths').trim();
  return {
    name: one(body, 'name'),
    nation: saved.nation,
    report: one(body, 'report'),
    timeLimitMonths: one(body, 'timeLimitMonths'),
    stage2RequestMonths: stage2 === '' ? null : stage2,
    differentHandlerAtStage2: yesNo(one(body, 'differentHandlerAtStage2')),
    replyInLanguageUsed: yesNo(one(body, 'replyInLanguageUsed')),
    ombudsman: { name: one(body, 'ombudsman-name'), phone: one(body, 'ombudsman-phone'), website: one(body, 'ombudsman-website'), address: one(body, 'ombudsman-address') },
    stages: { 1: stage(1), 2: stage(2) },
  };
}

/**
 * What procedureSchema does not check: each clock starts and stops on its own stage's events, and
 * stops after it starts. A stage 1 timescale started by a stage 2 event would be counted as stage 2.
 */
/** The clocks' event mistakes as the page's fields (model.ts stageEventIssues, which the schema runs too). */
export function clockOrderIssues(definition: Record<string, unknown>): FieldIssue[] {
  const stages = definition.stages as Parameters<typeof stageEventIssues>[0];
  return stageEventIssues(stages).map((i) => ({ field: i.path.join('.'), message: i.message }));
}

const QUESTIONS = {
  differentHandlerAtStage2: 'Select yes if someone other than the stage 1 handler must handle stage 2',
  replyInLanguageUsed: 'Select yes if replies must be in the language the person used',
} as const;

/** Every mistake in the posted definition, in the order of the page: the schema's and the clocks'. */
function checkDefinition(definition: Record<string, unknown>): FieldIssue[] {
  const parsed = procedureSchema.safeParse(definition);
  // A yes/no left unanswered gets a sentence of ours rather than the schema's "expected boolean".
  const unanswered = (Object.keys(QUESTIONS) as (keyof typeof QUESTIONS)[]).filter((k) => definition[k] === undefined).map((k) => ({ field: k, message: QUESTIONS[k] }));
  const schemaIssues = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })).filter((i) => !unanswered.some((u) => u.field === i.field));
  const order = clockOrderIssues(definition).filter((i) => !schemaIssues.some((s) => s.field === i.field));
  return [...unanswered, ...schemaIssues, ...order].sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
}

const PAGE_ORDER = ['name', 'report', 'timeLimitMonths', 'stage2RequestMonths', 'differentHandlerAtStage2', 'replyInLanguageUsed', 'ombudsman.name', 'ombudsman.phone', 'ombudsman.website', 'ombudsman.address'];
const STANDARD_ORDER = ['sentence', 'clockAmount', 'clockUnit', 'startEvent', 'stopEvent', 'extensionLimit', 'targetPercent'];
function fieldOrder(field: string): number {
  const top = PAGE_ORDER.indexOf(field);
  if (top >= 0) return top;
  const match = /^stages\.(\d)\.(?:name|standards\.(\d+)\.(\w+))/.exec(field);
  if (!match) return 10_000;
  return 100 + Number(match[1]) * 1000 + (match[2] === undefined ? 0 : 10 + Number(match[2]) * 10 + Math.max(0, STANDARD_ORDER.indexOf(match[3] ?? '')));
}

/**
 * The issues as the error summary and the fields show them. Each timescale has the same inputs, so
 * the summary says whose they are ("Stage 2 response: Enter the time allowed as a whole number").
 */
function errorsOf(issues: FieldIssue[], saved: ProcedureDefinition): FormErrors {
  const errors = invalidInputErrors(new InvalidInput(issues), fieldId);
  const summary = errors.summary.map((item, i) => {
    const match = /^stages\.(\d)\.standards\.(\d+)\./.exec(issues[i]?.field ?? '');
    const standard = match && saved.stages[Number(match[1]) as StageNumber]?.standards[Number(match[2])];
    return standard ? { ...item, text: `Stage ${match[1]} ${standard.kind}: ${item.text}` } : item;
  });
  return { summary, fields: Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [fieldId(k), v])) };
}

// ---- pages

export function registerComplaintProcedureRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  /** The procedure at its current version with whether it is shipped; undefined when there is none. */
  const find = async (code: string) => (await listProcedures(db)).find((p) => p.code === code);

  app.get(BASE, { config: manage }, async (_request, reply) => {
    const [procedures, setup] = await Promise.all([listProcedures(db), getComplaintSetup(db)]);
    return reply.page(`${VIEWS}/procedures.njk`, {
      pageTitle: 'Complaints procedures',
      procedures: procedures.map((p) => ({ ...p, nationName: NATION_NAMES[p.definition.nation], inUse: setup?.procedure.code === p.code })),
      setup,
    });
  });

  const showProcedure = async (reply: FastifyReply, procedure: Procedure & { shipped: boolean }, options: { errors?: FormErrors; values?: Body; status?: number } = {}) => {
    const setup = await getComplaintSetup(db);
    const inUse = setup?.procedure.code === procedure.code;
    const query = (reply.request.query ?? {}) as Record<string, string | undefined>;
    const welsh = options.values ? one(options.values, 'welsh') : (setup?.welsh ?? procedure.definition.replyInLanguageUsed) ? 'yes' : 'no';
    return reply.code(options.status ?? 200).page(`${VIEWS}/procedure.njk`, {
      pageTitle: procedure.definition.name,
      procedure: { ...procedure, view: describeProcedure(procedure.definition) },
      inUse,
      // A copy changed since it was adopted: new complaints follow the adopted version until it is adopted again.
      adoptedVersion: inUse ? setup?.procedure.version : undefined,
      welsh,
      saved: query.saved === '1',
      copied: query.copied === '1',
      adopted: query.adopted === '1',
      errors: options.errors,
    });
  };

  app.get<{ Params: Params }>(`${BASE}/:code`, { config: manage }, async (request, reply) => {
    const procedure = await find(request.params.code);
    return procedure ? showProcedure(reply, procedure) : reply.callNotFound();
  });

  app.post<{ Params: Params }>(`${BASE}/:code/adopt`, { config: manage }, async (request, reply) => {
    const procedure = await find(request.params.code);
    if (!procedure) return reply.callNotFound();
    const body = formBody(request.body);
    const welsh = yesNo(one(body, 'welsh'));
    if (welsh === undefined) return showProcedure(reply, procedure, { values: body, status: 400, errors: formError('welsh', 'Select yes if the council replies in Welsh to people who write in Welsh') });
    // Adopt the version that was read: a copy changed meanwhile is shown again to be checked first.
    if (one(body, 'version') !== String(procedure.version)) {
      return showProcedure(reply, procedure, { values: body, status: 409, errors: formError('form-top', 'This procedure was changed by someone else since you opened it. Check it below, then choose “Use this procedure” again.') });
    }
    try {
      await adoptProcedure(db, request.actor(), { code: procedure.code, welsh, now: deps.now() });
    } catch (error) {
      // The charter refuses a timescale it cannot publish (say, a change since the copy was checked).
      if (error instanceof InvalidInput) return showProcedure(reply, procedure, { values: body, status: 400, errors: { summary: error.issues.map((i) => ({ text: i.message, href: '#welsh' })), fields: {} } });
      throw error;
    }
    return reply.redirect(`${BASE}/${encodeURIComponent(procedure.code)}?adopted=1`, 303);
  });

  // ---- copying
  const showCopy = (reply: FastifyReply, procedure: Procedure, values: Body, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page(`${VIEWS}/copy.njk`, { pageTitle: `Copy ${procedure.definition.name}`, procedure, values, errors });

  app.get<{ Params: Params }>(`${BASE}/:code/copy`, { config: manage }, async (request, reply) => {
    const procedure = await find(request.params.code);
    return procedure ? showCopy(reply, procedure, { name: `${procedure.definition.name} (our copy)` }) : reply.callNotFound();
  });

  app.post<{ Params: Params }>(`${BASE}/:code/copy`, { config: manage }, async (request, reply) => {
    const procedure = await find(request.params.code);
    if (!procedure) return reply.callNotFound();
    const body = formBody(request.body);
    try {
      await copyProcedure(db, request.actor(), procedure.code, { code: one(body, 'code'), name: one(body, 'name') });
    } catch (error) {
      if (error instanceof InvalidInput) return showCopy(reply, procedure, body, invalidInputErrors(error));
      if (error instanceof NotFound) return reply.callNotFound();
      throw error;
    }
    return reply.redirect(`${BASE}/${encodeURIComponent(one(body, 'code').trim().toLowerCase())}?copied=1`, 303);
  });

  // ---- changing a copy
  const showEdit = (reply: FastifyReply, procedure: Procedure, values: Record<string, string | string[]>, version: string, errors?: FormErrors, status = 200) => {
    const d = procedure.definition;
    const selected = (items: { value: string; text: string }[], value: string) => items.map((i) => ({ ...i, selected: i.value === value }));
    return reply.code(status).page(`${VIEWS}/edit.njk`, {
      pageTitle: `Change ${d.name}`,
      procedure,
      version,
      values,
      errors,
      reports: selected(REPORTS.map((r) => ({ value: r, text: REPORT_NAMES[r] })), one(values, 'report')),
      stages: STAGES.map((n) => ({
        number: n,
        standards: d.stages[n].standards.map((s, j) => {
          const at = `stages-${n}-standards-${j}`;
          const events = STAGE_EVENTS[n].map((e) => ({ value: e, text: MILESTONE_NAMES[e] }));
          const units = [...new Set<string>([...UNITS, s.clockUnit])].map((u) => ({ value: u, text: UNIT_NAMES[u] ?? u }));
          return {
            at,
            kindName: s.kind === 'acknowledgement' ? 'Acknowledgement' : 'Response',
            number: j + 1,
            units: selected(units, one(values, `${at}-clockUnit`)),
            starts: selected(events, one(values, `${at}-startEvent`)),
            stops: selected(events, one(values, `${at}-stopEvent`)),
          };
        }),
      })),
    });
  };

  /** A copy to change; shipped procedures are the nations' codes as published, so they have no edit page. */
  const findCopy = async (code: string) => {
    const procedure = await find(code);
    return procedure && !procedure.shipped ? procedure : undefined;
  };

  app.get<{ Params: Params }>(`${BASE}/:code/edit`, { config: manage }, async (request, reply) => {
    const procedure = await findCopy(request.params.code);
    return procedure ? showEdit(reply, procedure, formValues(procedure.definition), String(procedure.version)) : reply.callNotFound();
  });

  app.post<{ Params: Params }>(`${BASE}/:code/edit`, { config: manage }, async (request, reply) => {
    const procedure = await findCopy(request.params.code);
    if (!procedure) return reply.callNotFound();
    const body = formBody(request.body);
    const version = one(body, 'version');
    const definition = definitionFromForm(procedure.definition, body);
    // The form is shown again with what was typed, so nothing is lost.
    const issues = checkDefinition(definition);
    if (issues.length) return showEdit(reply, procedure, body, version, errorsOf(issues, procedure.definition), 400);
    try {
      await reviseProcedure(db, request.actor(), procedure.code, definition, /^\d+$/.test(version) ? Number(version) : -1);
    } catch (error) {
      if (error instanceof InvalidInput) return showEdit(reply, procedure, body, version, errorsOf(error.issues, procedure.definition), 400);
      if (error instanceof StaleEditError) return showEdit(reply, procedure, body, version, formError('form-top', `${error.message}. Your changes are below and have not been saved: open the page again to see theirs.`), 409);
      throw error;
    }
    return reply.redirect(`${BASE}/${encodeURIComponent(procedure.code)}?saved=1`, 303);
  });
}
