// The recurring job 'cases.escalate'. Registered when this module is imported (app.ts imports it),
// so `npm start` and `npm run cli -- worker` both run it; the job queue keeps one run waiting at a
// time, and the once-only escalation rows make overlapping runs harmless.
import { registerJobHandler, registerRecurringJob, type JobHandler } from '../../../platform/jobs/index.js';
import { escalateCases } from './service.js';

export const ESCALATE_JOB = 'cases.escalate';
export const ESCALATE_EVERY_MS = 5 * 60 * 1000;

export function escalationJob(): JobHandler {
  return async (_job, { db, now, logger, publicUrl }) => {
    const run = await escalateCases({ db, now, logger, publicUrl });
    if (run.escalated.at_risk || run.escalated.breached) logger.info({ ...run.escalated, skipped: run.skipped }, 'cases escalated');
  };
}

registerJobHandler(ESCALATE_JOB, escalationJob());
registerRecurringJob(ESCALATE_JOB, ESCALATE_EVERY_MS);
