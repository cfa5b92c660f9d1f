// The embedded database killed without warning (kill -9: a power cut, the OOM killer) while cases
// are posted, five times over: each restart takes over the dead process's lock on the data folder by
// itself, and every case the app acknowledged with 201 is there afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, inject, it, vi } from 'vitest';
import { createClientSystem } from '../src/platform/api-keys/service.js';
import { systemActor } from '../src/platform/audit/audit.js';
import { openPglite } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { startServer } from './support/process.js';
import { sleep, startLoad } from './support/load.js';

vi.setConfig({ testTimeout: 180_000 });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-kill-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const KILLS = 5;

/** Starts the data folder from the suite's migrated template (initdb is slow) with a client system that may raise cases; returns its key. */
async function seedDataDir(): Promise<string> {
  const database = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
  try {
    await migrateToLatest(database.db);
    const client = await createClientSystem(database.db, systemActor, { name: 'Load test', scopes: ['cases:write'], rateLimitPerMinute: 10_000 });
    return client.key;
  } finally {
    await database.close();
  }
}

/** The acknowledged references not in the data folder, read with the app stopped (PGlite admits one process). */
async function missingCases(references: string[]): Promise<string[]> {
  const database = await openPglite({ dataDir });
  try {
    expect(fs.readFileSync(path.join(dataDir, 'charterdesk.lock'), 'utf8')).toBe(String(process.pid));
    const rows = await database.db.selectFrom('cases').select('reference').where('reference', 'in', references).execute();
    const found = new Set(rows.map((r) => r.reference));
    return references.filter((r) => !found.has(r));
  } finally {
    await database.close();
  }
}

it(`loses no acknowledged case when killed with SIGKILL ${KILLS} times during writes, and restarts over the stale lock`, async () => {
  const env = { DATA_DIR: dataDir, NOTIFICATIONS: 'log' };
  const key = await seedDataDir();
  const acknowledged: string[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const server = await startServer(env);
    const load = startLoad({ urls: [server.url], key, concurrency: 3 });
    // A short burst, cut at a different moment in the writes each time (a slow machine gets longer).
    const burstStart = Date.now();
    while (load.result.acknowledged.length < 3 + kill && Date.now() - burstStart < 20_000) await sleep(20);
    await sleep(kill * 37);
    server.child.kill('SIGKILL');
    await server.exited;
    const result = await load.stop();
    // Requests cut off by the kill got no answer; every answer the app gave was a saved case.
    expect(Object.keys(result.statuses).filter((s) => s !== '201' && s !== '0')).toEqual([]);
    acknowledged.push(...result.acknowledged);
    // The dead process's lock stays behind, as it would after a power cut: the next start must take it over.
    expect(fs.readFileSync(path.join(dataDir, 'charterdesk.lock'), 'utf8')).toBe(String(server.child.pid));
  }
  expect(acknowledged.length).toBeGreaterThan(KILLS);

  // Restarts 2 to 5 took over the lock as the app; opening the folder here takes over the last one.
  expect(await missingCases(acknowledged)).toEqual([]);
});
