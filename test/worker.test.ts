// The background worker as an operator runs it: inside `npm start` (unless WORKER=0), or on its own
// with `npm run cli -- worker` on PostgreSQL, which it needs: with the embedded database it refuses
// in one line. On PostgreSQL a notification queued by one process is delivered by another.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { openPostgres, type Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { queueNotification } from '../src/platform/outbox/outbox.js';
import { createScratchDatabase } from './support/postgres.js';
import { runCli, startServer } from './support/process.js';

vi.setConfig({ testTimeout: 180_000 });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const personalisation = {
  name: 'Jo Bloggs',
  reference: '7KQM-3XW9',
  service: 'Waste and recycling',
  request_type: 'Missed bin collection',
  due_date: 'Wednesday 4 March 2026',
  tracking_url: 'https://brackenfield.example/track/abc',
  message: '',
  status: '',
};

describe('the worker command', () => {
  it('refuses the embedded database in one line, exit code 2', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-worker-'));
    dirs.push(dataDir);
    const result = await runCli(['worker'], { DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'charterdesk: The worker command needs DATABASE_URL: with the embedded database the app holds the data folder, so `npm start` runs the worker itself (WORKER=1, the default)',
    ]);
  });
});

describe.skipIf(!inject('postgresUrl'))('workers on PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;

  const statusOf = async (id: string) => (await database.db.selectFrom('notification').select(['status', 'provider_id']).where('id', '=', id).executeTakeFirstOrThrow());
  const queue = () => queueNotification(database.db, { template: 'case.received', to: { email: 'jo@example.com' }, personalisation });

  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('`npm start` sends queued notifications itself, unless WORKER=0', async () => {
    scratch = await createScratchDatabase(inject('postgresUrl') ?? '');
    database = await openPostgres(scratch.url, 2);
    await migrateToLatest(database.db);
    const first = await queue();
    const server = await startServer({ DATABASE_URL: scratch.url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-worker-')) });
    try {
      await expect.poll(() => statusOf(first), { timeout: 30_000, interval: 200 }).toEqual({ status: 'sent', provider_id: `log:${first}` });
    } finally {
      expect(await server.stop()).toBe(0);
    }

    const second = await queue();
    const quiet = await startServer({ DATABASE_URL: scratch.url, WORKER: '0', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-worker-')) });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await quiet.stop()).toBe(0);
    expect((await statusOf(second)).status).toBe('pending');
  });

  it('`npm run cli -- worker` sends them from a process of its own, and stops cleanly on SIGTERM', async () => {
    const pending = await database.db.selectFrom('notification').select('id').where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await expect.poll(() => statusOf(pending[0]?.id ?? ''), { timeout: 60_000, interval: 200 }).toMatchObject({ status: 'sent' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
  });
});
