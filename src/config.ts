// Environment -> typed, validated configuration. A bad value stops the process with one clear line
// (see main.ts), never a stack trace.
import path from 'node:path';
import { z } from 'zod';
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
  COUNCIL_NAME: z.string().trim().min(1).max(200).default('Your council'),
  COUNCIL_NATION: z.enum(NATIONS, { error: `must be one of ${NATIONS.join(', ')}` }).default('england'),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  TRUST_PROXY: flag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  demoPassword: string;
  councilName: string;
  councilNation: Nation;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  sessionSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean;
  logLevel: string;
};

export class ConfigError extends Error {}

/** Reads configuration from an environment; throws ConfigError with a one-line message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(`${name} ${issue?.message ?? 'is not valid'} (got ${JSON.stringify(env[name] ?? '')})`);
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
    councilName: c.COUNCIL_NAME,
    councilNation: c.COUNCIL_NATION,
    adminEmail: c.ADMIN_EMAIL,
    adminPassword: c.ADMIN_PASSWORD,
    sessionSecret: c.SESSION_SECRET,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionMaxHours: c.SESSION_MAX_HOURS,
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
  };
}
