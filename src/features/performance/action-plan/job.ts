// The recurring job 'action_plan.overdue': tells owners of overdue actions, once per due date.
// Registered when this module is imported (action-plan/routes.ts imports it, and app.ts imports
// that), so `npm start` and `npm run cli -- worker` both run it. Hourly: an action becomes overdue
// when a London day begins, and the notice rows make overlapping runs harmless.
import { registerJobHandler, registerRecurringJob, type JobHandler } from '../../../platform/jobs/index.js';
import { notifyOverdueActions } from './service.js';

export const OVERDUE_JOB = 'action_plan.overdue';
export const OVERDUE_EVERY_MS = 60 * 60 * 1000;

export function overdueJob(): JobHandler {
  return async (_job, { db, now, logger, publicUrl }) => {
    const told = await notifyOverdueActions({ db, now, publicUrl });
    if (told) logger.info({ told }, 'owners told of overdue actions');
  };
}

registerJobHandler(OVERDUE_JOB, overdueJob());
registerRecurringJob(OVERDUE_JOB, OVERDUE_EVERY_MS);
