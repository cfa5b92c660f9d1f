// The background worker: jobs and the notification outbox. `npm start` runs one in-process
// (unless WORKER=0); `npm run cli -- worker` runs one on its own, for PostgreSQL deployments with
// several processes. With the embedded database only one process may open the data folder, so
// there the worker always runs inside `npm start`.
import pino from 'pino';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { openPostgres, type Db } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { startWorker, type Logger, type Worker } from '../platform/jobs/index.js';
import { createChannel, createOutboxDelivery, type NotificationsConfig } from '../platform/outbox/index.js';

/** Starts a worker that runs jobs and delivers notifications through the configured channel. */
export function startBackgroundWorker(db: Db, notifications: NotificationsConfig, logger: Logger, publicUrl: string): Worker {
  const channel = createChannel(notifications, logger);
  const worker = startWorker({ db, logger, publicUrl, pollers: [createOutboxDelivery({ channel })] });
  logger.info({ notifications: channel.name }, 'worker started: running jobs and sending notifications');
  return {
    runOnce: () => worker.runOnce(),
    stop: async () => {
      await worker.stop();
      await channel.close?.();
    },
  };
}

export const WORKER_NEEDS_POSTGRES =
  'The worker command needs DATABASE_URL: with the embedded database the app holds the data folder, so `npm start` runs the worker itself (WORKER=1, the default)';

/** `npm run cli -- worker`: runs until SIGTERM or SIGINT, then finishes the work in hand and exits. */
export async function workerCommand(config: Config): Promise<void> {
  if (!config.databaseUrl) throw new ConfigError(WORKER_NEEDS_POSTGRES);
  const logger = pino({ level: config.logLevel });
  const database = await openPostgres(config.databaseUrl, 10, (message) => logger.warn(message));
  try {
    await migrateToLatest(database.db);
    const worker = startBackgroundWorker(database.db, config.notifications, logger, config.publicUrl);
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    logger.info({ signal }, 'worker stopping: finishing the work in hand');
    await worker.stop();
  } finally {
    await database.close();
  }
}
