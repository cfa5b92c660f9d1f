// Environment -> typed, validated configuration. A bad value stops the process with one clear line
// (see main.ts), never a stack trace.
import path from 'node:path';
import { z } from 'zod';
import type { NotificationsConfig } from './platform/outbox/channels/index.js';
import { parseTrustProxy, TRUST_PROXY_HELP, type TrustProxy } from './platform/web/proxy.js';
import { NATIONS, type Nation } from './time/nation.js';

const flag = (defaultValue: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
      error: 'must be 1 or 0 (or true/false, yes/no, on/off)',
    })
    .optional()
    .transform((v) => (v === undefined ? defaultValue : ['1', 'true', 'yes', 'on'].includes(v)));

const databaseUrl = z
  .string()
  .optional()
  .refine(
    (v) => {
      if (v === undefined || v === '') return true;
      try {
        return ['postgres:', 'postgresql:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: 'must be a URL such as postgres://user:password@host:5432/database' },
  )
  .transform((v) => (v ? v : undefined));

const mailUrl = z.url({ protocol: /^smtps?$/, error: 'must be a URL such as smtp://user:password@smtp.example.com:587 (or smtps:// for TLS from the start)' });

// "Brackenfield Council <noreply@brackenfield.example>" or a bare address.
const fromAddress = z
  .string()
  .trim()
  .regex(/^(?:[^<>@\n]+ )?<?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/, 'must be an email address, optionally with a name: "Brackenfield Council <noreply@brackenfield.example>"');

// GOV.UK Notify keys are the key's name, the service id and the secret: "name-<uuid>-<uuid>".
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const notifyKey = z.string().trim().regex(new RegExp(`-${UUID}-${UUID}$`, 'i'), "must be a GOV.UK Notify API key: the key's name followed by two long IDs");

// "contact@brackenfield.example, planning@brackenfield.example": the council's inbound addresses.
const addressList = z
  .string()
  .transform((v) => v.split(',').map((a) => a.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.email('must be email addresses separated by commas, like contact@brackenfield.example')).min(1, 'must list at least one email address, like contact@brackenfield.example'));

/** Never echoed back in an error message. */
const SECRETS = new Set(['SMTP_URL', 'NOTIFY_API_KEY', 'INBOUND_SMTP_PASSWORD']);

const configSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number from 1 to 65535' })
    .int('must be a whole number from 1 to 65535')
    .min(0, 'must be a whole number from 1 to 65535')
    .max(65535, 'must be a whole number from 1 to 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: databaseUrl,
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO: flag(true),
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').default('charterdesk-demo'),
  DEMO_API_KEY: z.string().trim().min(1).max(200, 'must be 200 characters or fewer').optional(),
  COUNCIL_NAME: z.string().trim().min(1).max(200).default('Your council'),
  COUNCIL_NATION: z.enum(NATIONS, { error: `must be one of ${NATIONS.join(', ')}` }).default('england'),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const trust = parseTrustProxy(v ?? '');
      if (trust === undefined) ctx.addIssue({ code: 'custom', message: TRUST_PROXY_HELP });
      return trust ?? false;
    }),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be the site’s public address, like https://services.example.gov.uk' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  OPEN311_JURISDICTION_ID: z.string().trim().regex(/^[\w.-]{1,100}$/, 'must be letters, numbers, dots, hyphens or underscores, like brackenfield.gov.uk').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER: flag(true),
  NOTIFICATIONS: z.enum(['log', 'smtp', 'notify'], { error: 'must be log, smtp or notify' }).default('log'),
  SMTP_URL: mailUrl.optional(),
  NOTIFY_FROM: fromAddress.optional(),
  NOTIFY_API_KEY: notifyKey.optional(),
  INBOUND_SMTP_PORT: z.coerce
    .number({ error: 'must be a whole number from 1 to 65535' })
    .int('must be a whole number from 1 to 65535')
    .min(0, 'must be a whole number from 1 to 65535')
    .max(65535, 'must be a whole number from 1 to 65535')
    .optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  INBOUND_EMAIL_ADDRESSES: addressList.optional(),
  INBOUND_SMTP_USER: z.string().min(1).optional(),
  INBOUND_SMTP_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  demoPassword: string;
  /** The demo Open311 client's key; a random one is made (and printed once) when unset. */
  demoApiKey: string | undefined;
  councilName: string;
  councilNation: Nation;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  sessionSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** The reverse proxies whose X-Forwarded-For is believed: none, a number of hops, or their addresses. */
  trustProxy: TrustProxy;
  /** The address residents reach the site at, for links in emails; defaults to http://localhost:PORT. */
  publicUrl: string;
  /** The jurisdiction_id Open311 clients send; defaults to PUBLIC_URL's host name. */
  open311JurisdictionId: string;
  logLevel: string;
  /** Run the job and outbox worker inside `npm start` (WORKER=0: only `npm run cli -- worker` runs it). */
  worker: boolean;
  notifications: NotificationsConfig;
  /** The SMTP listener for mail to the council (features/inbound-email); undefined when INBOUND_SMTP_PORT is unset. */
  inboundEmail: InboundEmailConfig | undefined;
};

export interface InboundEmailConfig {
  port: number;
  host: string;
  addresses: string[];
  auth?: { username: string; password: string };
}

export class ConfigError extends Error {}

/** Reads configuration from an environment; throws ConfigError with a one-line message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const got = SECRETS.has(name) ? '' : ` (got ${JSON.stringify(env[name] ?? '')})`;
    throw new ConfigError(`${name} ${issue?.message ?? 'is not valid'}${got}`);
  }
  const c = parsed.data;
  if ((c.ADMIN_EMAIL === undefined) !== (c.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.DATA_DIR),
    demo: c.DEMO,
    demoPassword: c.DEMO_PASSWORD,
    demoApiKey: c.DEMO_API_KEY,
    councilName: c.COUNCIL_NAME,
    councilNation: c.COUNCIL_NATION,
    adminEmail: c.ADMIN_EMAIL,
    adminPassword: c.ADMIN_PASSWORD,
    sessionSecret: c.SESSION_SECRET,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionMaxHours: c.SESSION_MAX_HOURS,
    trustProxy: c.TRUST_PROXY,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    open311JurisdictionId: c.OPEN311_JURISDICTION_ID ?? new URL(c.PUBLIC_URL ?? 'http://localhost').hostname,
    logLevel: c.LOG_LEVEL,
    worker: c.WORKER,
    notifications: notificationsConfig(c),
    inboundEmail: inboundEmailConfig(c),
  };
}

/** INBOUND_SMTP_PORT turns the listener on; it then needs the addresses it takes mail for. */
function inboundEmailConfig(c: { INBOUND_SMTP_PORT?: number | undefined; INBOUND_SMTP_HOST: string; INBOUND_EMAIL_ADDRESSES?: string[] | undefined; INBOUND_SMTP_USER?: string | undefined; INBOUND_SMTP_PASSWORD?: string | undefined }): InboundEmailConfig | undefined {
  if ((c.INBOUND_SMTP_USER === undefined) !== (c.INBOUND_SMTP_PASSWORD === undefined)) throw new ConfigError('INBOUND_SMTP_USER and INBOUND_SMTP_PASSWORD must be set together');
  if (c.INBOUND_SMTP_PORT === undefined) return undefined;
  if (!c.INBOUND_EMAIL_ADDRESSES) throw new ConfigError('INBOUND_SMTP_PORT needs INBOUND_EMAIL_ADDRESSES, the council addresses to take mail for, such as contact@brackenfield.example');
  const auth = c.INBOUND_SMTP_USER && c.INBOUND_SMTP_PASSWORD ? { auth: { username: c.INBOUND_SMTP_USER, password: c.INBOUND_SMTP_PASSWORD } } : {};
  return { port: c.INBOUND_SMTP_PORT, host: c.INBOUND_SMTP_HOST, addresses: c.INBOUND_EMAIL_ADDRESSES, ...auth };
}

/** NOTIFICATIONS and the settings its channel needs, each missing one named in one line. */
function notificationsConfig(c: { NOTIFICATIONS: 'log' | 'smtp' | 'notify'; SMTP_URL?: string | undefined; NOTIFY_FROM?: string | undefined; NOTIFY_API_KEY?: string | undefined }): NotificationsConfig {
  switch (c.NOTIFICATIONS) {
    case 'log':
      return { channel: 'log' };
    case 'smtp':
      if (!c.SMTP_URL) throw new ConfigError('NOTIFICATIONS=smtp needs SMTP_URL, such as smtp://user:password@smtp.example.com:587');
      if (!c.NOTIFY_FROM) throw new ConfigError('NOTIFICATIONS=smtp needs NOTIFY_FROM, the sender, such as "Brackenfield Council <noreply@brackenfield.example>"');
      return { channel: 'smtp', smtpUrl: c.SMTP_URL, from: c.NOTIFY_FROM };
    case 'notify':
      if (!c.NOTIFY_API_KEY) throw new ConfigError('NOTIFICATIONS=notify needs NOTIFY_API_KEY, an API key from GOV.UK Notify (API integration → API keys)');
      return { channel: 'notify', apiKey: c.NOTIFY_API_KEY };
  }
}
