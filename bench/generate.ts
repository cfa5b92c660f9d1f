// Generates a council-year into a database: the demo council with a year of cases, clocks, events
// and contacts (bench/generator/council-year.ts says what and how), bulk-loaded with COPY.
//   npm run generate -- --contacts 1000000 --cases 250000 --seed 42
// Into DATABASE_URL when set (PostgreSQL), else the PGlite data folder DATA_DIR (default ./data),
// or `--data-dir DIR`. `--until 2026-10-01` ends the year there (default: the start of this
// quarter); `--customers N`. Refuses a database that already has this seed's year.
import { parseArgs } from 'node:util';
import { openPglite, openPostgres } from '../src/platform/db/database.js';
import { generateCouncilYear } from './generator/council-year.js';

export { generateCouncilYear } from './generator/council-year.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: 'string', default: '1000000' },
      cases: { type: 'string', default: '250000' },
      customers: { type: 'string' },
      seed: { type: 'string', default: '42' },
      until: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const count = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not "${text}"`);
    return n;
  };
  const until = values.until ? new Date(`${values.until}T00:00:00Z`) : undefined;
  if (until && Number.isNaN(until.getTime())) throw new Error(`--until must be a date like 2026-10-01, not "${values.until}"`);
  const url = process.env.DATABASE_URL;
  const database = url ? await openPostgres(url) : await openPglite({ dataDir: values['data-dir'] ?? process.env.DATA_DIR ?? './data' });
  try {
    const customers = count('customers', values.customers);
    console.log(`Generating a council-year into ${url ? new URL(url).pathname.slice(1) + ' (PostgreSQL)' : 'PGlite'}: seed ${values.seed}`);
    const result = await generateCouncilYear(
      { db: database.db, engine: database.engine, ...(url ? { url } : {}) },
      { contacts: count('contacts', values.contacts)!, cases: count('cases', values.cases)!, seed: count('seed', values.seed)!, ...(customers !== undefined ? { customers } : {}), ...(until ? { until } : {}), log: console.log },
    );
    const c = result.counts;
    console.log(`Loaded ${c.cases.toLocaleString('en-GB')} cases (${c.clocks.toLocaleString('en-GB')} clocks, ${c.events.toLocaleString('en-GB')} events), ${c.contacts.toLocaleString('en-GB')} contacts, ${c.customers.toLocaleString('en-GB')} customers, ${c.staff} staff`);
    console.log(`from ${result.from.toISOString().slice(0, 10)} to ${result.until.toISOString().slice(0, 10)} in ${result.seconds.toFixed(1)} s: ${Math.round(result.rowsPerSecond).toLocaleString('en-GB')} rows/s; resident memory ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
