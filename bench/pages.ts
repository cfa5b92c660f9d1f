// How many pages a second one app process serves, on PGlite and (when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set) PostgreSQL. In-process requests (app.inject) so the figure is the app
// and its database, not the network. Baseline in the same run: a static asset, which touches no database.
//   npx tsx bench/pages.ts
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { bootstrap } from '../src/bootstrap.js';
import type { Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { buildAssets } from '../scripts/build-assets.js';
import { onEachEngine } from './engines.js';

const PASSWORD = 'bench password 2026';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

async function rate(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    await fn();
    n++;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  console.log(`  ${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-GB').padStart(8)} requests/s`);
  return perSecond;
}

async function measure(database: Database): Promise<void> {
  await migrateToLatest(database.db);
  await bootstrap(database.db, { demo: true, demoPassword: PASSWORD, councilName: 'x', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
  const app = await createApp({ db: database.db, engine: database.engine, cookieSecret: 'bench secret that is long enough to sign', sessions: { idleMinutes: 120, maxHours: 12 } });
  await app.ready();
  const signInPage = await app.inject('/sign-in');
  const csrfCookie = signInPage.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)?.[1] ?? '';
  const signedIn = await app.inject({ method: 'POST', url: '/sign-in', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ email: 'admin@brackenfield.example', password: PASSWORD, _csrf: token }).toString() });
  const session = signedIn.cookies.find((c) => c.name === 'charterdesk_session');
  const cookie = `charterdesk_session=${session?.value}`;

  console.log(`${database.engine}:`);
  const baseline = await rate('GET /assets/js-enabled.js (baseline, no db)', () => app.inject('/assets/js-enabled.js'));
  const results: [string, number][] = [
    ['GET /health (one query)', await rate('GET /health (one query)', () => app.inject('/health'))],
    ['GET / (council + template)', await rate('GET / (council + template)', () => app.inject('/'))],
    ['GET /staff (session + council + template)', await rate('GET /staff (session + council + template)', () => app.inject({ url: '/staff', headers: { cookie } }))],
  ];
  for (const [label, value] of results) console.log(`  ratio ${label} to baseline: ${(value / baseline).toFixed(2)}`);
  await app.close();
}

async function main(): Promise<void> {
  buildAssets();
  const start = performance.now();
  const hashes = 5;
  for (let i = 0; i < hashes; i++) await hashPassword(PASSWORD);
  console.log(`scrypt password hash (sign-in cost): ${((performance.now() - start) / hashes).toFixed(0)} ms each`);

  await onEachEngine(measure);
}

await main();
