// Staff pages for workflows: everyone who sees the catalogue may look; administrators change them.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../../platform/web/forms.js';
import { CASE_MILESTONES, MILESTONE_NAMES, type CaseMilestone } from '../../charter/model.js';
import { STATUS_CATEGORIES, type StatusCategory, type Workflow, type WorkflowStatus } from './model.js';
import { copyWorkflow, getWorkflow, listWorkflows, saveWorkflow } from './service.js';

const VIEWS = 'features/cases/workflow/views';
const read = { permission: 'charter:read' } as const;
const manage = { permission: 'charter:manage' } as const;

export const CATEGORY_NAMES: Record<StatusCategory, string> = {
  new: 'New: not looked at yet',
  open: 'Being worked on',
  waiting: 'Waiting for the customer (clocks pause)',
  resolved: 'Resolved',
  closed: 'Closed',
  cancelled: 'Cancelled (standards not measured)',
  duplicate: 'Duplicate of another case (standards not measured)',
};

type Body = Record<string, string | string[]>;
const one = (body: Body, name: string): string => String(([] as string[]).concat(body[name] ?? '')[0] ?? '');
const many = (body: Body, name: string): string[] => ([] as string[]).concat(body[name] ?? []);

/** The edit form as statuses: one row per existing status, and an optional new one. */
function statusesFromForm(workflow: Workflow, body: Body): WorkflowStatus[] {
  const statuses = workflow.statuses.map((status, i): WorkflowStatus => {
    const milestone = one(body, `milestone-${i}`);
    const edited: WorkflowStatus = { ...status, name: one(body, `name-${i}`), publicName: one(body, `publicName-${i}`), next: many(body, `next-${i}`) };
    delete edited.milestone;
    return (CASE_MILESTONES as readonly string[]).includes(milestone) ? { ...edited, milestone: milestone as CaseMilestone } : edited;
  });
  const code = one(body, 'new-code').trim();
  if (code || one(body, 'new-name').trim()) {
    statuses.push({ code, name: one(body, 'new-name'), publicName: one(body, 'new-publicName'), category: one(body, 'new-category') as StatusCategory, next: [] });
  }
  return statuses;
}

export function registerWorkflowRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  const showList = async (reply: FastifyReply, values: Body = {}, errors?: FormErrors) => {
    const workflows = await listWorkflows(db);
    const workflowItems = workflows.map((w) => ({ value: w.code, text: w.name, selected: w.code === values.from }));
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/workflows.njk`, { pageTitle: 'Workflows', workflows, workflowItems, values, errors });
  };

  app.get('/staff/workflows', { config: read }, (_request, reply) => showList(reply));
  app.post('/staff/workflows', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    try {
      await copyWorkflow(db, request.actor(), { from: one(body, 'from'), code: one(body, 'code'), name: one(body, 'name') });
    } catch (error) {
      if (error instanceof InvalidInput) return showList(reply, body, invalidInputErrors(error));
      throw error;
    }
    return reply.redirect(`/staff/workflows/${encodeURIComponent(one(body, 'code').trim().toLowerCase())}`, 303);
  });

  const showWorkflow = async (reply: FastifyReply, workflow: Workflow & { updatedAt: string }, errors?: FormErrors, code = 200) => {
    // A status being added is shown in the "Add a status" inputs, not as a status yet.
    const saved = await getWorkflow(db, workflow.code);
    const count = saved?.statuses.length ?? workflow.statuses.length;
    const newStatus = workflow.statuses[count];
    return reply.code(code).page(`${VIEWS}/workflow.njk`, {
      pageTitle: workflow.name,
      workflow: { ...workflow, statuses: workflow.statuses.slice(0, count) },
      newStatus,
      categoryNames: CATEGORY_NAMES,
      categories: STATUS_CATEGORIES.filter((c) => c !== 'new').map((value) => ({ value, text: CATEGORY_NAMES[value] })),
      milestones: [{ value: '', text: 'None' }, ...CASE_MILESTONES.filter((m) => m !== 'received').map((value) => ({ value, text: MILESTONE_NAMES[value] }))],
      saved: (reply.request.query as { saved?: string } | undefined)?.saved === '1',
      errors,
    });
  };

  app.get<{ Params: { code: string } }>('/staff/workflows/:code', { config: read }, async (request, reply) => {
    const workflow = await getWorkflow(db, request.params.code);
    return workflow ? showWorkflow(reply, workflow) : reply.callNotFound();
  });

  app.post<{ Params: { code: string } }>('/staff/workflows/:code', { config: manage }, async (request, reply) => {
    const workflow = await getWorkflow(db, request.params.code);
    if (!workflow) return reply.callNotFound();
    const body = formBody(request.body);
    const statuses = statusesFromForm(workflow, body);
    const edited = { ...workflow, name: one(body, 'name') || workflow.name, statuses };
    try {
      await saveWorkflow(db, request.actor(), { code: workflow.code, name: edited.name, statuses, expectedUpdatedAt: one(body, 'updatedAt') }, deps.now());
    } catch (error) {
      // The form is shown again with what they typed, so nothing is lost.
      if (error instanceof InvalidInput) return showWorkflow(reply, edited, invalidInputErrors(error), 400);
      if (error instanceof StaleEditError) return showWorkflow(reply, edited, formError('form-top', `${error.message}. Your changes are below and have not been saved: open the page again to see the latest.`), 409);
      throw error;
    }
    return reply.redirect(`/staff/workflows/${encodeURIComponent(workflow.code)}?saved=1`, 303);
  });
}
