// The command line: start (the default), migrate, worker, user, api-key.
// Every failure a person can cause ends with one clear line and a non-zero exit, never a stack trace.
import path from 'node:path';
import pino from 'pino';
import { ZodError } from 'zod';
import { createApp } from './app.js';
import { requestLogSerializers } from './platform/web/log.js';
import { bootstrap, type BootstrapOutcome } from './bootstrap.js';
import { API_KEY_USAGE, apiKeyCommand } from './cli/api-keys.js';
import { USER_USAGE, userCommand } from './cli/users.js';
import { UsageError } from './cli/usage.js';
import { startBackgroundWorker, workerCommand } from './cli/worker.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_STAFF } from './demo/council.js';
import { startInboundSmtp, type InboundSmtp } from './features/inbound-email/smtp.js';
import { UserExistsError, UserNotFoundError } from './platform/auth/users.js';
import { InvalidInput } from './platform/errors.js';
import { DatabaseUnavailableError, openDatabase, type Database } from './platform/db/database.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { createDiskFileStore } from './platform/files/index.js';
import type { Worker } from './platform/jobs/index.js';
import { migrateToLatest, MigrationError } from './platform/db/migrate.js';
import { resolveCookieSecret } from './platform/web/secret.js';

const USAGE = `Usage: npm start | npm run cli -- <command>
Commands:
  start            migrate, load the demo council into an empty database (DEMO=1), serve the app
  migrate          bring the database schema up to date and exit
  worker           run only the background worker (jobs, notifications); needs DATABASE_URL
  user ...         manage staff accounts
  api-key ...      manage client systems and their API keys
${USER_USAGE}
${API_KEY_USAGE}`;

async function withDatabase(config: Config, fn: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    await fn(database);
  } finally {
    await database.close();
  }
}

function printWelcome(config: Config, url: string, outcome: BootstrapOutcome): void {
  const lines = [`CharterDesk is serving ${url}`, `Database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`];
  if (config.demo && outcome.kind !== 'empty-council') {
    lines.push('Demo sign-ins (password for all: ' + config.demoPassword + '):');
    for (const person of DEMO_STAFF) lines.push(`  ${person.email.padEnd(34)} ${person.roles.join(', ')}`);
  }
  if (outcome.kind === 'demo-loaded') {
    const { key, fromEnvironment } = outcome.open311Key;
    lines.push(`Open311 at ${url}/open311/v2/ for the client system "FixMyStreet (demo)": its API key is ${fromEnvironment ? 'the one in DEMO_API_KEY' : `${key} (shown this once)`}.`);
  }
  if (outcome.kind === 'empty-council' && !outcome.usersExist) {
    lines.push('No staff can sign in yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run cli -- user add --email ... --name ... --role administrator`.');
  }
  console.log(lines.join('\n'));
}

async function start(config: Config): Promise<void> {
  // The pool opens before the app and its logger: a logger of its own, in the same format, for lost connections.
  const databaseLog = pino({ level: config.logLevel });
  const database = await openDatabase(config, (message) => databaseLog.warn(message));
  let closing = false;
  let worker: Worker | undefined;
  let inbound: InboundSmtp | undefined;
  try {
    await migrateToLatest(database.db);
    const outcome = await bootstrap(database.db, { ...config, demoHistory: true });
    const files = createDiskFileStore(path.join(config.dataDir, 'files'));
    const app = await createApp({
      db: database.db,
      engine: database.engine,
      cookieSecret: await resolveCookieSecret(database.db, config.sessionSecret),
      sessions: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      open311JurisdictionId: config.open311JurisdictionId,
      logger: { level: config.logLevel, serializers: requestLogSerializers },
      files,
    });
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down: finishing requests in flight');
      // Finish requests and the worker's work in flight, then release the database (and PGlite's data folder lock).
      const force = setTimeout(() => process.exit(1), 10_000).unref();
      void Promise.all([app.close(), worker?.stop(), inbound?.close()])
        .then(() => database.close())
        .then(() => {
          clearTimeout(force);
          process.exit(0);
        });
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    const address = await app.listen({ port: config.port, host: config.host });
    printWelcome(config, address.replace('127.0.0.1', 'localhost'), outcome);
    if (config.worker && !closing) worker = startBackgroundWorker(database.db, config.notifications, app.log, config.publicUrl);
    // Mail is taken only once the app is up, so a message is never accepted by a half-started process.
    const mail = config.inboundEmail;
    if (mail && !closing) inbound = await startInboundSmtp({ db: database.db, files, port: mail.port, host: mail.host, allowedRecipients: mail.addresses, auth: mail.auth, logger: app.log, publicUrl: config.publicUrl });
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function run(argv: string[]): Promise<void> {
  const [command = 'start', ...args] = argv;
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate':
      return withDatabase(config, async ({ db }) => {
        const applied = await migrateToLatest(db);
        console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
      });
    case 'user':
      return withDatabase(config, ({ db }) => userCommand(db, args));
    case 'api-key':
      return withDatabase(config, ({ db }) => apiKeyCommand(db, args));
    case 'worker':
      return workerCommand(config);
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
  }
}

// Errors a person can cause or fix, and the exit code for each: 2 for configuration, 1 otherwise.
function exitCodeFor(error: unknown): number | undefined {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof DataDirLockedError) return 2;
  if (error instanceof UsageError || error instanceof UserExistsError || error instanceof UserNotFoundError || error instanceof MigrationError || error instanceof RangeError) return 1;
  if (error instanceof InvalidInput) return 1;
  if (error instanceof ZodError) return 1;
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES') return 2;
  return undefined;
}

function messageFor(error: unknown): string {
  if (error instanceof ZodError) return error.issues[0]?.message ?? 'Invalid input';
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'PORT is already in use by another program: choose another with PORT=...';
  if (code === 'EACCES') return 'PORT needs privileges this user does not have: choose a port above 1023';
  return (error as Error).message;
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const code = exitCodeFor(error);
  if (code === undefined) {
    console.error('CharterDesk stopped because of an unexpected error:', error);
    process.exit(70);
  }
  console.error(`charterdesk: ${messageFor(error)}`);
  process.exit(code);
});
