// The job queue: enqueue work in a transaction, register what runs it, and run a worker.
export { DEFAULT_MAX_ATTEMPTS, enqueueJob, registerJobHandler, registerRecurringJob, type JobContext, type JobHandler, type Logger, type NewJob, type RunningJob } from './jobs.js';
export { selectJobs as listJobs, type JobSummary } from './store.js';
export { jobRetryDelayMs, startWorker, type Poller, type Worker, type WorkerOptions } from './worker.js';
