// A running CharterDesk for tests: a fresh database with the demo council, the app built on it,
// and a small client that keeps cookies and sends forms with their CSRF token, as a browser does.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.js';
import { bootstrap } from '../../src/bootstrap.js';
import { createMemoryFileStore, type FileStore } from '../../src/platform/files/index.js';
import type { TrustProxy } from '../../src/platform/web/proxy.js';
import { openTestDatabase, type Engine, type TestDatabase } from './databases.js';
import type { KpiSource } from '../../src/platform/kpi/index.js';

export const DEMO_PASSWORD = 'charterdesk-demo-test';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Where the app keeps uploaded files: in memory unless the test passed its own store. */
  files: FileStore;
  close(): Promise<void>;
}

export async function startTestApp(
  engine: Engine,
  options: { now?: () => Date; database?: TestDatabase; trustProxy?: TrustProxy; publicUrl?: string; files?: FileStore; kpiSources?: readonly KpiSource[] } = {},
): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase(engine));
  await bootstrap(database.db, {
    demo: true,
    demoPassword: DEMO_PASSWORD,
    councilName: 'unused',
    councilNation: 'england',
    adminEmail: undefined,
    adminPassword: undefined,
  });
  const files = options.files ?? createMemoryFileStore();
  const app = await createApp({
    db: database.db,
    files,
    engine: database.engine,
    cookieSecret: 'a test secret that is long enough to sign cookies',
    sessions: { idleMinutes: 120, maxHours: 12 },
    trustProxy: options.trustProxy ?? false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.kpiSources ? { kpiSources: options.kpiSources } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    files,
    close: async () => {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}

export interface UploadFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Keeps cookies between requests and fills in the CSRF token of the last page seen. */
export class Client {
  private cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  /** `remoteAddress`: the address requests come from (light-my-request's default is 127.0.0.1). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly options: { remoteAddress?: string } = {},
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: this.headers(), ...this.from() });
    this.remember(response);
    return response;
  }

  /** Posts a form as a browser would, with the CSRF token from the last page (unless one is given). */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of ([] as string[]).concat(value)) body.append(key, v);
    if (options.csrf !== false && this.csrfToken && !('_csrf' in form)) body.append('_csrf', this.csrfToken);
    const response = await this.app.inject({
      method: 'POST',
      url,
      ...this.from(),
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Posts a form with files as multipart/form-data, as a browser does for a form with a file input. */
  async postMultipart(url: string, form: Record<string, string | string[]>, files: Record<string, UploadFile>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const data = new FormData();
    // The token first, where a browser puts the form's first (hidden) input.
    if (options.csrf !== false && this.csrfToken && !('_csrf' in form)) data.append('_csrf', this.csrfToken);
    for (const [key, value] of Object.entries(form)) for (const v of ([] as string[]).concat(value)) data.append(key, v);
    for (const [key, file] of Object.entries(files)) data.append(key, new Blob([Uint8Array.from(file.bytes)], { type: file.contentType }), file.filename);
    // Let the platform's own encoder write the body and its boundary.
    const encoded = new Request('http://localhost/', { method: 'POST', body: data });
    const response = await this.app.inject({
      method: 'POST',
      url,
      ...this.from(),
      headers: { ...this.headers(), 'content-type': encoded.headers.get('content-type') ?? '' },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    // As a browser does: follow the redirect, whose page carries a token for the new session (the
    // CSRF secret is renewed at sign-in, so the sign-in page's token no longer works).
    const location = response.statusCode === 303 ? response.headers.location : undefined;
    if (typeof location === 'string' && location.startsWith('/')) await this.get(location);
    return response;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Sets a cookie as if the browser held it (a forged or copied one). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private from(): { remoteAddress?: string } {
    return this.options.remoteAddress ? { remoteAddress: this.options.remoteAddress } : {};
  }

  private headers(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
  }
}
