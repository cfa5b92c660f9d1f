// `npm run cli -- user add|reset-password|list`: staff accounts from the command line.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Actor } from '../platform/audit/audit.js';
import { ROLES, isRole } from '../platform/auth/permissions.js';
import { createUser, listUsers, resetPassword } from '../platform/auth/users.js';
import type { Db } from '../platform/db/database.js';
import { UsageError } from './usage.js';

const cliActor: Actor = { type: 'cli', label: `command line (${process.env.USER ?? 'unknown user'})` };

function generatedPassword(): string {
  return randomBytes(15).toString('base64url');
}

export const USER_USAGE = `Usage:
  npm run cli -- user add --email EMAIL --name "FULL NAME" --role ROLE[,ROLE] [--password PASSWORD]
  npm run cli -- user reset-password --email EMAIL [--password PASSWORD]
  npm run cli -- user list
Roles: ${ROLES.join(', ')}. Without --password a strong password is generated and printed once.`;

export async function userCommand(db: Db, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (action === 'list') {
    for (const user of await listUsers(db)) {
      console.log(`${user.email}\t${user.displayName}\t${user.roles.join(',')}\t${user.active ? 'active' : 'inactive'}`);
    }
    return;
  }
  if (!values.email) throw new UsageError(`--email is required\n${USER_USAGE}`);
  const password = values.password ?? generatedPassword();
  if (action === 'add') {
    const roles = (values.role ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const unknown = roles.filter((r) => !isRole(r));
    if (!values.name) throw new UsageError(`--name is required\n${USER_USAGE}`);
    if (roles.length === 0 || unknown.length) throw new UsageError(`--role must be one or more of ${ROLES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
    const user = await createUser(db, cliActor, { email: values.email, displayName: values.name, roles: roles.filter(isRole), password });
    console.log(`Added ${user.displayName} <${user.email}> as ${user.roles.join(', ')}.`);
  } else if (action === 'reset-password') {
    const user = await resetPassword(db, cliActor, values.email, password);
    console.log(`New password set for ${user.email}; their sessions have been signed out and any lock-out cleared.`);
  } else {
    throw new UsageError(USER_USAGE);
  }
  if (!values.password) console.log(`Password (shown once): ${password}`);
}
