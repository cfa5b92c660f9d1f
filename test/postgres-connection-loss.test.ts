// PostgreSQL going away under a running app (a restart, a failover, an idle timeout that ends
// connections): the process lives on, answers 503 meanwhile (/health too, for the load balancer),
// and carries on by itself when the database is back, with every case it acknowledged saved.
// The real app runs as a child process, as `npm start` runs it, on a scratch database.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createScratchDatabase } from './support/postgres.js';
import { startServer, type Server } from './support/process.js';
import { createCaseWriterKey, healthStatus, missingCases, sleep, startLoad, terminateBackends, waitForHealthy } from './support/load.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const adminUrl = inject('postgresUrl');

describe.skipIf(!adminUrl)('the app when PostgreSQL drops its connections', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: TcpProxy;
  let server: Server;
  let key = '';

  beforeAll(async () => {
    scratch = await createScratchDatabase(adminUrl!);
    const target = new URL(scratch.url);
    // The app reaches the database through a proxy the second test cuts; the first ends backends on the server itself.
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(scratch.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    key = await createCaseWriterKey({ DATABASE_URL: scratch.url });
    server = await startServer({ DATABASE_URL: viaProxy.toString(), NOTIFICATIONS: 'log' });
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await scratch?.drop();
  });

  const databaseName = () => new URL(scratch.url).pathname.slice(1);

  it('survives its backends being terminated three times while cases are posted, and loses no acknowledged case', async () => {
    const load = startLoad({ urls: [server.url], key, concurrency: 4 });
    const healthSeen = new Set<number>();
    let stopped = false;
    const watching = (async () => {
      while (!stopped) {
        healthSeen.add(await healthStatus(server.url));
        await sleep(50);
      }
    })();
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      await sleep(700);
      terminated += await terminateBackends(adminUrl!, databaseName());
    }
    await sleep(700);
    const result = await load.stop();
    stopped = true;
    await watching;

    expect(terminated).toBeGreaterThan(0);
    expect(server.child.exitCode, server.output()).toBeNull();
    // Each answer was a saved case or the app's own 503; none was a crash, a hang or a 500.
    expect(result.failures, server.output()).toEqual([]);
    expect([...healthSeen].every((s) => s === 200 || s === 503), `health answers: ${[...healthSeen].join(', ')}`).toBe(true);
    await waitForHealthy(server.url, 10_000);
    expect(result.acknowledged.length).toBeGreaterThan(10);
    expect(await missingCases(scratch.url, result.acknowledged)).toEqual([]);
    // One line for each lost connection and each 503, never a stack trace.
    expect(server.output()).toMatch(/"msg":"database connection lost: (terminating connection due to administrator command|Connection terminated unexpectedly)"/);
    expect(server.output()).not.toContain('"stack"');
  });

  it('answers 503 (/health, the API and pages) while the database is unreachable, and 200 by itself once it is back', async () => {
    expect(await healthStatus(server.url)).toBe(200);
    await proxy.cut();
    try {
      const health = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'down' });
      const load = startLoad({ urls: [server.url], key, concurrency: 1 });
      await sleep(500);
      const duringOutage = await load.stop();
      expect(duringOutage.failures).toEqual([]);
      expect(duringOutage.acknowledged).toEqual([]);
      expect(duringOutage.statuses[503]).toBeGreaterThan(0);
      const page = await fetch(`${server.url}/standards`, { signal: AbortSignal.timeout(10_000) });
      expect(page.status).toBe(503);
      // The app's own page (with its header and styles), not plain text, though it cannot read the council's name.
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('Sorry, the service is unavailable');
      expect(server.child.exitCode).toBeNull();
    } finally {
      await proxy.restore();
    }
    await waitForHealthy(server.url, 10_000);
    const after = startLoad({ urls: [server.url], key, concurrency: 1 });
    await sleep(300);
    const result = await after.stop();
    expect(result.failures).toEqual([]);
    expect(result.acknowledged.length).toBeGreaterThan(0);
    expect(await missingCases(scratch.url, result.acknowledged)).toEqual([]);
    expect(server.output()).toContain('"msg":"database unavailable: answered 503"');
    expect(server.output()).not.toContain('"stack"');
  });
});
