// Runs once before the whole suite: builds the page assets, and prepares a migrated PGlite database
// that every PGlite store test starts from (loading it takes under a second; initdb takes several).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAssets } from '../scripts/build-assets.js';
import { openPglite } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { postgresAvailability } from './support/postgres.js';
import { chromiumAvailability } from './support/chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string | undefined;
    chromium: boolean;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  buildAssets();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-test-'));
  const template = path.join(dir, 'pglite-template.tar');
  const database = await openPglite();
  await migrateToLatest(database.db);
  fs.writeFileSync(template, Buffer.from(await (await database.dumpPglite()).arrayBuffer()));
  await database.close();

  const postgres = await postgresAvailability();
  const chromium = chromiumAvailability();
  for (const line of [postgres.message, chromium.message]) console.log(line);
  project.provide('pgliteTemplate', template);
  project.provide('postgresUrl', postgres.url);
  project.provide('chromium', chromium.available);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
