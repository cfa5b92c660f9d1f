// Store tests run on both engines: `forEachEngine` declares a suite per engine, each on its own
// fresh, migrated database.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createScratchDatabase } from './postgres.js';

export type Engine = 'pglite' | 'postgres';

export interface TestDatabase extends Database {
  /** For PostgreSQL, the URL of the scratch database (other processes may connect to it). */
  url?: string;
}

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    const database = await openPglite({ loadDataDir: template });
    await migrateToLatest(database.db);
    return database;
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available for tests');
  const scratch = await createScratchDatabase(adminUrl);
  const database = await openPostgres(scratch.url, 5);
  await migrateToLatest(database.db);
  return {
    ...database,
    url: scratch.url,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/** The engines available to this run: PGlite always, PostgreSQL when TEST_DATABASE_URL answers. */
export function engines(): Engine[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * Declares `body` once per engine. `use()` gives the suite's database inside tests and hooks.
 */
export function forEachEngine(name: string, body: (use: () => TestDatabase, engine: Engine) => void): void {
  for (const engine of ['pglite', 'postgres'] as const) {
    const available = engines().includes(engine);
    describe.skipIf(!available)(`${name} [${engine}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(engine);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, engine);
    });
  }
}
