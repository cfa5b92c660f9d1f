// What the audit trail (platform/audit) shows for the action plan's records: an action by its
// title, linked to its page; an objective by its title, linked to the plan. For the describe map
// of features/customers/audit-subjects.ts (wired there by whoever owns that file).
import type { DescribeSubjects } from '../../../platform/audit/subjects.js';
import { UUID } from '../../charter/model.js';
import { actionHref, listObjectives, namesOfActions } from './service.js';

const wanted = (ids: readonly string[]) => [...new Set(ids.filter((id) => UUID.test(id)))];

export const describeActionPlanActions: DescribeSubjects = async (db, ids) =>
  new Map((await namesOfActions(db, wanted(ids))).map((a) => [a.id, { text: `Action plan action: ${a.title}`, href: actionHref(a.id) }]));

export const describeActionPlanObjectives: DescribeSubjects = async (db, ids) => {
  const want = new Set(wanted(ids));
  return new Map((await listObjectives(db)).filter((o) => want.has(o.id)).map((o) => [o.id, { text: `Action plan objective: ${o.title}`, href: '/staff/performance/action-plan' }]));
};

export const actionPlanAuditSubjects = { action_plan_action: describeActionPlanActions, action_plan_objective: describeActionPlanObjectives } as const;
