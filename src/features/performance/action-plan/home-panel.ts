// "Your action plan actions" on the staff home page: the actions someone owns that are still to do,
// soonest due first, overdue ones said so. Owners may be officers with no access to the plan
// itself; this is how they find their actions besides the overdue email.
import { formatDate } from '../../../platform/views/environment.js';
import type { HomePanelSource } from '../../../platform/web/feature.js';
import { actionHref, listPlan } from './service.js';

const DONE = new Set(['done', 'cancelled']);

export const ownActionsPanel: HomePanelSource = async ({ db, staff, now }) => {
  const actions = (await listPlan(db, { ownerId: staff.id }, now))
    .flatMap((objective) => objective.actions)
    .filter((action) => !DONE.has(action.status))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  if (!actions.length) return null;
  return {
    heading: 'Your action plan actions',
    items: actions.map((action) => ({
      href: actionHref(action.id),
      text: action.title,
      hint: `${action.overdue ? 'Overdue: was due' : 'Due'} ${formatDate(`${action.dueOn}T12:00:00Z`)} · ${action.statusName}`,
    })),
  };
};
