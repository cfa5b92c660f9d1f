// Load for the resilience tests: a client system posting cases through the JSON API as fast as the
// app answers, remembering every case it was told was saved (201), and every answer that was neither
// a 201 nor the app's own 503 (a crash, a hang, a 500). Used by test/*.test.ts and test/resilience/.
import pg from 'pg';
import { runCli } from './process.js';

export interface LoadResult {
  /** References the app acknowledged with 201: each must be in the database. */
  acknowledged: string[];
  /** How many answers of each status (0: no answer at all). */
  statuses: Record<number, number>;
  /** Answers that were neither 201 nor the app's own 503 JSON, nor a network error. */
  failures: string[];
  /** The longest any request waited for its answer. */
  slowestMs: number;
}

/** Makes a client system allowed to raise cases, from the command line as an operator would; returns its key. */
export async function createCaseWriterKey(env: Record<string, string>): Promise<string> {
  const created = await runCli(['api-key', 'create', '--name', 'Load test', '--scope', 'cases:write,cases:read', '--rate-limit', '10000'], env);
  const key = /cd_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
  if (!key) throw new Error(`api-key create failed (${created.code}): ${created.stderr}`);
  return key;
}

function missedBin(n: number) {
  const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
  return {
    requestType: 'missed-bin',
    clientReference: `load-${process.pid}-${n}`,
    answers: { bin_type: 'recycling', collection_date: yesterday, anything_else: `Load case ${n}` },
    contact: { name: 'Sam Green', email: `sam.green+${n}@example.com` },
    location: { address: '3 Mill Lane, Brackenfield', uprn: '100030000001', latitude: 52.6309, longitude: -1.1323 },
  };
}

let counter = 0;

/** Posts one case; a request that takes longer than timeoutMs counts as a hang. */
async function postCase(url: string, key: string, result: LoadResult, timeoutMs: number): Promise<void> {
  const n = ++counter;
  let status = 0;
  let text = '';
  const sent = Date.now();
  try {
    const response = await fetch(`${url}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(missedBin(n)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    result.failures.push(`case ${n} to ${url}: no answer (${(error as Error).message})`);
  }
  result.slowestMs = Math.max(result.slowestMs, Date.now() - sent);
  result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  if (status === 201) result.acknowledged.push((JSON.parse(text) as { reference: string }).reference);
  else if (status === 503 && text.includes('"error":"unavailable"')) return;
  else if (status !== 0) result.failures.push(`case ${n} to ${url}: ${status} ${text.slice(0, 200)}`);
}

/** Runs `concurrency` posting loops spread over the urls until stop() is called. */
export function startLoad(options: { urls: string[]; key: string; concurrency?: number; timeoutMs?: number; pauseMs?: number }) {
  const result: LoadResult = { acknowledged: [], statuses: {}, failures: [], slowestMs: 0 };
  let running = true;
  const loops = Array.from({ length: options.concurrency ?? 4 }, async (_, i) => {
    const url = options.urls[i % options.urls.length]!;
    while (running) {
      await postCase(url, options.key, result, options.timeoutMs ?? 15_000);
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  });
  return {
    result,
    stop: async (): Promise<LoadResult> => {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** /health's status code, or 0 when the process does not answer within two seconds. */
export async function healthStatus(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

/** Waits until /health answers 200; returns how long it took, or throws after timeoutMs. */
export async function waitForHealthy(url: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if ((await healthStatus(url)) === 200) return Date.now() - start;
    await sleep(200);
  }
  throw new Error(`${url}/health did not return to 200 within ${timeoutMs} ms`);
}

/** Runs fn with a client of its own on the database at url (not the app's pool). */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a restart may cut this connection too; its query then fails
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The acknowledged references that are not in the database. */
export async function missingCases(databaseUrl: string, references: string[]): Promise<string[]> {
  const { rows } = await withClient(databaseUrl, (c) => c.query<{ reference: string }>('SELECT reference FROM cases WHERE reference = ANY($1)', [references]));
  const found = new Set(rows.map((r) => r.reference));
  return references.filter((r) => !found.has(r));
}

/** Ends every connection to the database but the caller's, as a failover or an administrator would. */
export async function terminateBackends(adminUrl: string, databaseName: string): Promise<number> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName]);
    return rows.length;
  });
}
