// Runs the real command line (`src/main.ts` under tsx) as a child process, as a council's
// operator would, and talks to it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // Start from a clean slate so the developer's own DATABASE_URL or PORT never leaks in.
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, TMPDIR, LOG_LEVEL: 'warn', DEMO_PASSWORD: 'charterdesk-demo-cli', ...env };
}

export function runCli(args: string[], env: Record<string, string>): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env: baseEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Server {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `main.ts start` on a free port and resolves once it prints its URL. */
export function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], { cwd: root, env: baseEnv({ PORT: '0', ...env }) });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /CharterDesk is serving (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: Buffer) => (output += more.toString()));
        resolve({
          child,
          url,
          output: () => output,
          exited,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then((code) => reject(new Error(`server exited (${code}) before serving:\n${output}`)));
  });
}

/** Signs in over HTTP as a browser would (CSRF cookie and token); returns the cookie header to reuse. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/sign-in`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ email, password, _csrf: token }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
  return [...cookies, ...response.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}
