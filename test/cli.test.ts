// The command line as an operator uses it: clear one-line errors with the right exit codes,
// staff accounts, the embedded database's lock, graceful shutdown, and several processes on PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { createScratchDatabase } from './support/postgres.js';
import { runCli, signInOverHttp, startServer } from './support/process.js';

// Each test starts real processes (a first PGlite start runs initdb): generous time on a busy 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charterdesk-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function expectOneLine(stderr: string, message: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('configuration mistakes', () => {
  it('a bad PORT stops with one clear line and exit code 2', async () => {
    const result = await runCli(['start'], { PORT: 'eighty' });
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, /^charterdesk: PORT must be a whole number from 1 to 65535 \(got "eighty"\)$/);
  });

  it('an unreachable DATABASE_URL stops with one clear line and exit code 2', async () => {
    const result = await runCli(['start'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/charterdesk' });
    expect(result.code).toBe(2);
    expectOneLine(result.stderr, /^charterdesk: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/charterdesk: /);
  });

  it('an unknown command prints the usage and exits 1', async () => {
    const result = await runCli(['frobnicate'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown command "frobnicate"');
    expect(result.stderr).toContain('npm run cli -- user add');
  });
});

describe('staff accounts from the command line', () => {
  const env = { DATA_DIR: tempDataDir(), DEMO: '0' };

  it('adds a user with a generated password shown once, and lists them', async () => {
    const added = await runCli(['user', 'add', '--email', 'Lee.Hart@council.example', '--name', 'Lee Hart', '--role', 'officer,complaints_officer'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added Lee Hart <lee.hart@council.example> as officer, complaints_officer.');
    expect(added.stdout).toMatch(/Password \(shown once\): \S{20}/);
    const listed = await runCli(['user', 'list'], env);
    expect(listed.stdout).toContain('lee.hart@council.example\tLee Hart\tofficer,complaints_officer\tactive');
  });

  it('refuses a duplicate, an unknown role or a short password with one line and exit 1, saving nothing', async () => {
    const duplicate = await runCli(['user', 'add', '--email', 'lee.hart@council.example', '--name', 'Lee', '--role', 'officer'], env);
    expect(duplicate.code).toBe(1);
    expectOneLine(duplicate.stderr, /^charterdesk: A staff user with the email lee\.hart@council\.example already exists$/);
    const badRole = await runCli(['user', 'add', '--email', 'x@council.example', '--name', 'X', '--role', 'wizard'], env);
    expect(badRole.code).toBe(1);
    expectOneLine(badRole.stderr, /--role must be one or more of advisor, officer, .*\(not wizard\)$/);
    const weak = await runCli(['user', 'add', '--email', 'x@council.example', '--name', 'X', '--role', 'advisor', '--password', 'short'], env);
    expect(weak.code).toBe(1);
    expectOneLine(weak.stderr, /^charterdesk: Password must be at least 12 characters$/);
    expect((await runCli(['user', 'list'], env)).stdout).not.toContain('x@council.example');
  });

  it('resets a password, and says so plainly for an unknown email', async () => {
    const reset = await runCli(['user', 'reset-password', '--email', 'lee.hart@council.example', '--password', 'a new long passphrase'], env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('New password set for lee.hart@council.example');
    const unknown = await runCli(['user', 'reset-password', '--email', 'ghost@council.example'], env);
    expect(unknown.code).toBe(1);
    expectOneLine(unknown.stderr, /^charterdesk: No staff user has the email ghost@council\.example$/);
  });
});

describe('npm start on the embedded database', () => {
  it('serves the demo, refuses a second process on the same data, shuts down on SIGTERM and restarts on the same data', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ DATA_DIR: dataDir });
    expect(first.output()).toContain('admin@brackenfield.example');
    expect(first.output()).toContain('password for all: charterdesk-demo-cli');
    expect(await (await fetch(`${first.url}/health`)).json()).toMatchObject({ status: 'ok', engine: 'pglite' });
    expect(await (await fetch(`${first.url}/`)).text()).toContain('Brackenfield District Council');

    const second = await runCli(['start'], { DATA_DIR: dataDir, PORT: '0' });
    expect(second.code).toBe(2);
    expectOneLine(second.stderr, /Another CharterDesk process \(pid \d+\) is using the embedded database .* set DATABASE_URL/);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'charterdesk.lock'))).toBe(false);

    const again = await startServer({ DATA_DIR: dataDir });
    const cookie = await signInOverHttp(again.url, 'admin@brackenfield.example', 'charterdesk-demo-cli');
    expect(await (await fetch(`${again.url}/staff/users`, { headers: { cookie } })).text()).toContain('Sam Whitfield');
    expect(await again.stop()).toBe(0);
  });

  it('with DEMO=0 sets up an empty council whose first administrator comes from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const env = { DATA_DIR: tempDataDir(), DEMO: '0', ADMIN_EMAIL: 'first.admin@council.example', ADMIN_PASSWORD: 'first admin passphrase', COUNCIL_NAME: 'Eastshire Council' };
    const server = await startServer(env);
    expect(server.output()).not.toContain('brackenfield');
    expect(await (await fetch(`${server.url}/`)).text()).toContain('Eastshire Council');
    const cookie = await signInOverHttp(server.url, 'first.admin@council.example', 'first admin passphrase');
    const users = await (await fetch(`${server.url}/staff/users`, { headers: { cookie } })).text();
    expect(users).toContain('first.admin@council.example');
    expect(users.match(/govuk-table__row/g)).toHaveLength(2); // the header and one administrator
    expect(await server.stop()).toBe(0);
  });
});

describe.skipIf(!inject('postgresUrl'))('two app processes on one PostgreSQL database', () => {
  it('start together, migrate and load the demo once, and share sessions', async () => {
    const scratch = await createScratchDatabase(inject('postgresUrl')!);
    try {
      const env = { DATABASE_URL: scratch.url };
      const [a, b] = await Promise.all([startServer(env), startServer(env)]);
      const cookie = await signInOverHttp(a.url, 'officer@brackenfield.example', 'charterdesk-demo-cli');
      const onB = await fetch(`${b.url}/staff`, { headers: { cookie }, redirect: 'manual' });
      expect(onB.status).toBe(200);
      expect(await onB.text()).toContain('Tom Evans');
      const adminCookie = await signInOverHttp(b.url, 'admin@brackenfield.example', 'charterdesk-demo-cli');
      const users = await (await fetch(`${a.url}/staff/users`, { headers: { cookie: adminCookie } })).text();
      expect(users.match(/@brackenfield\.example/g)).toHaveLength(5);
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    } finally {
      await scratch.drop();
    }
  });
});

describe('API keys from the command line', () => {
  const env = { DATA_DIR: tempDataDir(), DEMO: '0' };

  it('creates a client system and prints its key once, lists it without the key, and revokes it', async () => {
    const created = await runCli(['api-key', 'create', '--name', 'FixMyStreet', '--scope', 'open311,catalogue:read'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Added client system FixMyStreet with scopes open311, catalogue:read.');
    const keys = created.stdout.match(/cd_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(keys).toHaveLength(1);
    expect(created.stdout).toContain(`API key (shown once, copy it now): ${keys[0]}`);
    const listed = await runCli(['api-key', 'list'], env);
    expect(listed.stdout).toMatch(new RegExp(`^FixMyStreet\\t${keys[0]!.slice(0, 11)}\\topen311,catalogue:read\\t60/min\\tlast used never\\tactive$`, 'm'));
    expect(listed.stdout).not.toContain(keys[0]!.slice(11));
    const revoked = await runCli(['api-key', 'revoke', '--name', 'fixmystreet'], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked fixmystreet and its key (${keys[0]!.slice(0, 11)}). They stop working at once.`);
  });

  it('refuses an unknown scope, a taken name and an unknown name with one line and exit 1', async () => {
    const badScope = await runCli(['api-key', 'create', '--name', 'Back office', '--scope', 'open311,everything'], env);
    expect(badScope.code).toBe(1);
    expectOneLine(badScope.stderr, /^charterdesk: --scope must be one or more of open311, catalogue:read, catalogue:write, cases:read, cases:write, performance:read \(not everything\)$/);
    expect(badScope.stdout).not.toMatch(/cd_/);
    await runCli(['api-key', 'create', '--name', 'Back office', '--scope', 'catalogue:read'], env);
    const taken = await runCli(['api-key', 'create', '--name', 'BACK OFFICE', '--scope', 'catalogue:read'], env);
    expect(taken.code).toBe(1);
    expectOneLine(taken.stderr, /^charterdesk: There is already a client system called BACK OFFICE$/);
    const unknown = await runCli(['api-key', 'revoke', '--name', 'Nobody'], env);
    expect(unknown.code).toBe(1);
    expectOneLine(unknown.stderr, /^charterdesk: No client system in use is called Nobody$/);
  });
});
