// What the audit trail (platform/audit) shows for Customer Insight's records: a piece of feedback
// by its kind and date (a complaint's by its case), an action by its title, a theme by its name;
// each linked to its page.
import type { DescribeSubjects } from '../../platform/audit/subjects.js';
import { formatDate } from '../../platform/views/environment.js';
import { UUID } from '../charter/model.js';
import { describeFeedbackForAudit, namesOfActions, namesOfThemes } from './service.js';

const wanted = (ids: readonly string[]) => [...new Set(ids.filter((id) => UUID.test(id)))];

export const describeFeedback: DescribeSubjects = async (db, ids) =>
  new Map((await describeFeedbackForAudit(db, wanted(ids))).map((f) => [f.id, { text: `${f.kindName}, ${formatDate(f.receivedAt)}${f.caseReference ? ` (${f.caseReference})` : ''}`, href: f.href }]));

export const describeInsightActions: DescribeSubjects = async (db, ids) =>
  new Map((await namesOfActions(db, wanted(ids))).map((a) => [a.id, { text: `Insight action: ${a.title}`, href: `/staff/insight/actions/${a.id}` }]));

export const describeInsightThemes: DescribeSubjects = async (db, ids) =>
  new Map((await namesOfThemes(db, wanted(ids))).map((t) => [t.id, { text: `Insight theme: ${t.name}`, href: '/staff/insight/themes' }]));

/** For the describe map of the audit subjects (features/customers/audit-subjects.ts). */
export const insightAuditSubjects = { feedback: describeFeedback, insight_action: describeInsightActions, insight_theme: describeInsightThemes } as const;
