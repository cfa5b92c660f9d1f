// Every benchmark measures both engines in turn: PGlite in this process, then PostgreSQL in a
// scratch database created and dropped here, when TEST_DATABASE_URL or BENCH_DATABASE_URL names a
// server. BENCH_ENGINES=pglite (or =postgres) measures one.
import { openPglite, openPostgres, type Database } from '../src/platform/db/database.js';
import { createScratchDatabase } from '../test/support/postgres.js';

export type BenchEngine = 'pglite' | 'postgres';

const chosen = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');

export async function onEachEngine(measure: (database: Database, engine: BenchEngine) => Promise<void>): Promise<void> {
  if (chosen.includes('pglite')) {
    const pglite = await openPglite();
    try {
      await measure(pglite, 'pglite');
    } finally {
      await pglite.close();
    }
  }
  if (!chosen.includes('postgres')) return;
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('postgres: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL)');
    return;
  }
  const scratch = await createScratchDatabase(serverUrl);
  try {
    const postgres = await openPostgres(scratch.url);
    try {
      await measure(postgres, 'postgres');
    } finally {
      await postgres.close();
    }
  } finally {
    await scratch.drop();
  }
}
