// A workflow is data: the statuses a case can be in and the moves allowed between them, chosen per
// request type. Behaviour hangs off a status's category (a waiting status pauses the clocks, a
// resolved one stops the "resolved" standards...), never off a status's code, so an administrator
// can rename or add statuses without a code change.
import { z } from 'zod';
import { CASE_MILESTONES, type CaseMilestone } from '../../charter/model.js';

export const STATUS_CATEGORIES = ['new', 'open', 'waiting', 'resolved', 'closed', 'cancelled', 'duplicate'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** Categories whose cases are no longer worked: out of the queues, clocks no longer running. */
export const FINISHED_CATEGORIES: readonly StatusCategory[] = ['resolved', 'closed', 'cancelled', 'duplicate'];
/** Categories that end a case without its work being done: its clocks are void, not met or missed. */
export const VOID_CATEGORIES: readonly StatusCategory[] = ['cancelled', 'duplicate'];

export interface WorkflowStatus {
  code: string;
  /** What staff see. */
  name: string;
  /** What the resident sees when tracking the case. */
  publicName: string;
  category: StatusCategory;
  /** The case milestone reaching this status records (starts or stops standards' clocks). */
  milestone?: CaseMilestone;
  /** The notification template sent to the resident on reaching this status. */
  notify?: string;
  /** Statuses a case may move to from here. */
  next: string[];
  /** Reached only from the page of the feature that manages the workflow (a complaint's response), never by a bare status change. */
  managed?: boolean;
}

export interface Workflow {
  code: string;
  name: string;
  statuses: WorkflowStatus[];
  /** The feature whose page moves cases through the managed statuses, and where that page is (reference appended). */
  managedBy?: { name: string; href: string };
}

const statusCode = z
  .string()
  .trim()
  .min(1, 'Enter a code for the status')
  .max(40, 'Status codes must be 40 characters or fewer')
  .regex(/^[a-z][a-z0-9_]*$/, 'Status codes use lowercase letters, numbers and underscores, like in_progress');

export const workflowStatusSchema = z.object({
  code: statusCode,
  name: z.string().trim().min(1, 'Enter the status name staff see').max(60, 'Status names must be 60 characters or fewer'),
  publicName: z.string().trim().min(1, 'Enter the status name residents see').max(60, 'Names must be 60 characters or fewer'),
  category: z.enum(STATUS_CATEGORIES, { error: 'Choose what kind of status this is' }),
  milestone: z.enum(CASE_MILESTONES).optional(),
  notify: z.string().optional(),
  next: z.array(statusCode),
  managed: z.boolean().optional(),
});

/** A workflow is sound when its first status is where cases start and every move leads to a status it has. */
export const workflowSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().trim().min(1),
    statuses: z.array(workflowStatusSchema).min(2, 'A workflow needs at least two statuses'),
    managedBy: z.object({ name: z.string(), href: z.string() }).optional(),
  })
  .superRefine((workflow, ctx) => {
    const codes = new Set<string>();
    workflow.statuses.forEach((status, i) => {
      if (codes.has(status.code)) ctx.addIssue({ code: 'custom', path: ['statuses', i, 'code'], message: `Status ${status.code} appears twice` });
      codes.add(status.code);
    });
    workflow.statuses.forEach((status, i) => {
      for (const next of status.next) {
        if (!codes.has(next)) ctx.addIssue({ code: 'custom', path: ['statuses', i, 'next'], message: `${status.name} moves to ${next}, which is not a status of this workflow` });
      }
    });
    if (workflow.statuses[0]?.category !== 'new') ctx.addIssue({ code: 'custom', path: ['statuses', 0, 'category'], message: 'The first status must be the one new cases start in' });
  });

export function findStatus(workflow: Workflow, code: string): WorkflowStatus | undefined {
  return workflow.statuses.find((s) => s.code === code);
}

/** Names statuses across workflows: a list of cases from several workflows shows each status's staff name. */
export function statusNamer(workflows: readonly Workflow[]): (workflowCode: string, status: string) => string {
  const names = new Map(workflows.flatMap((w) => w.statuses.map((s) => [`${w.code} ${s.code}`, s.name] as const)));
  return (workflowCode, status) => names.get(`${workflowCode} ${status}`) ?? status;
}

export function statusOf(workflow: Workflow, code: string): WorkflowStatus {
  const status = findStatus(workflow, code);
  if (!status) throw new Error(`status ${code} is not in workflow ${workflow.code}`);
  return status;
}

export function initialStatus(workflow: Workflow): WorkflowStatus {
  return workflow.statuses[0]!;
}

/** The statuses a case in `from` may move to, in the workflow's order. */
export function nextStatuses(workflow: Workflow, from: string): WorkflowStatus[] {
  const allowed = new Set(findStatus(workflow, from)?.next ?? []);
  return workflow.statuses.filter((s) => allowed.has(s.code));
}

export const isFinished = (status: WorkflowStatus): boolean => FINISHED_CATEGORIES.includes(status.category);

/** Status codes, across the given workflows, whose category is one of `categories`. */
export function statusCodesIn(workflows: readonly Workflow[], categories: readonly StatusCategory[]): string[] {
  return [...new Set(workflows.flatMap((w) => w.statuses.filter((s) => categories.includes(s.category)).map((s) => s.code)))];
}
