// PostgreSQL for the store suites: TEST_DATABASE_URL names a server where the tests may create
// and drop databases. Without it the PostgreSQL suites are skipped, and the run says so plainly;
// REQUIRE_POSTGRES=1 (set by .ci/run) turns that skip into a failure.
import pg from 'pg';

export interface Availability {
  url: string | undefined;
  message: string;
}

export async function postgresAvailability(): Promise<Availability> {
  const url = process.env.TEST_DATABASE_URL;
  const required = process.env.REQUIRE_POSTGRES === '1';
  if (!url) {
    if (required) throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
    return { url: undefined, message: 'PostgreSQL suites SKIPPED: TEST_DATABASE_URL is not set (store tests ran on PGlite only).' };
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { url, message: `PostgreSQL suites will run against ${new URL(url).host} (PostgreSQL ${rows[0]?.server_version}).` };
  } catch (error) {
    if (required) throw new Error(`REQUIRE_POSTGRES=1 but ${url} does not answer: ${(error as Error).message}`);
    return { url: undefined, message: `PostgreSQL suites SKIPPED: ${url} does not answer (${(error as Error).message}).` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh, empty database on the server; dropped by the returned function. */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `charterdesk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      // A closed pool's sockets may still be saying goodbye: had FORCE cut them off, a client still
      // ending would get the server's "terminating connection" with no listener left for it, an
      // uncaught error that fails the run. Give them a moment; FORCE is for what stays.
      for (let waited = 0; waited < 5000; waited += 50) {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (!rows[0]?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
