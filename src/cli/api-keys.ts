// `npm run cli -- api-key create|list|revoke`: client systems and their API keys from the command line.
import { parseArgs } from 'node:util';
import type { Actor } from '../platform/audit/audit.js';
import { API_SCOPE_NAMES, isApiScope } from '../platform/api-keys/scopes.js';
import { createClientSystem, DEFAULT_RATE_LIMIT_PER_MINUTE, listClientSystems, revokeClientSystem } from '../platform/api-keys/service.js';
import type { Db } from '../platform/db/database.js';
import { UsageError } from './usage.js';

const cliActor: Actor = { type: 'cli', label: `command line (${process.env.USER ?? 'unknown user'})` };

export const API_KEY_USAGE = `Usage:
  npm run cli -- api-key create --name NAME --scope SCOPE[,SCOPE] [--rate-limit CALLS_A_MINUTE]
  npm run cli -- api-key list
  npm run cli -- api-key revoke --name NAME
Scopes: ${API_SCOPE_NAMES.join(', ')}. The key is printed once; CharterDesk keeps only its SHA-256.`;

function scopesFrom(value: string | undefined): string[] {
  const scopes = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !isApiScope(s));
  if (scopes.length === 0 || unknown.length) {
    throw new UsageError(`--scope must be one or more of ${API_SCOPE_NAMES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
  }
  return scopes;
}

function rateLimitFrom(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RATE_LIMIT_PER_MINUTE;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--rate-limit must be a whole number of calls a minute, like 60 (got "${value}")`);
  return Number(value);
}

const when = (date: Date | null) => (date ? date.toISOString() : 'never');

async function list(db: Db): Promise<void> {
  const systems = await listClientSystems(db);
  if (!systems.length) console.log('No client systems yet.');
  for (const system of systems) {
    for (const key of system.keys) {
      const status = key.revokedAt ? `revoked ${when(key.revokedAt)}` : 'active';
      console.log([system.name, key.prefix, key.scopes.join(','), `${key.rateLimitPerMinute}/min`, `last used ${when(key.lastUsedAt)}`, status].join('\t'));
    }
  }
}

function parsedArgs(args: string[]) {
  try {
    return parseArgs({ args, options: { name: { type: 'string' }, scope: { type: 'string' }, 'rate-limit': { type: 'string' } }, strict: true });
  } catch (error) {
    // node:util's message ("Unknown option '--nme'...") is clear; it only needs to be one line, exit 1.
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'Unknown option');
  }
}

export async function apiKeyCommand(db: Db, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parsedArgs(rest);
  if (action === 'list') return list(db);
  if (action !== 'create' && action !== 'revoke') throw new UsageError(API_KEY_USAGE);
  if (!values.name?.trim()) throw new UsageError('--name is required: the client system’s name, like FixMyStreet');
  if (action === 'revoke') {
    const prefixes = await revokeClientSystem(db, cliActor, values.name);
    console.log(`Revoked ${values.name.trim()} and its ${prefixes.length === 1 ? 'key' : `${prefixes.length} keys`}${prefixes.length ? ` (${prefixes.join(', ')})` : ''}. They stop working at once.`);
    return;
  }
  const created = await createClientSystem(db, cliActor, { name: values.name, scopes: scopesFrom(values.scope), rateLimitPerMinute: rateLimitFrom(values['rate-limit']) });
  console.log(`Added client system ${created.name} with scopes ${created.scopes.join(', ')}.`);
  console.log(`API key (shown once, copy it now): ${created.key}`);
}
