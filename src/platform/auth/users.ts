// Staff accounts: the store (SQL) and the rules for creating them and signing in.
import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Db } from '../db/database.js';
import type { StaffUserRow } from '../db/schema.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from './passwords.js';
import { ROLES, type Role } from './permissions.js';
import { forgetFailedTries } from './throttle.js';

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  lastSignInAt: Date | null;
}

export function toStaffUser(row: StaffUserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    active: row.active,
    lastSignInAt: row.last_sign_in_at,
  };
}

export const newStaffUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email('Enter an email address in the correct format, like name@example.gov.uk')),
    displayName: z.string().trim().min(1, 'Enter the person’s name').max(200, 'Name must be 200 characters or fewer'),
    roles: z
      .array(z.enum(ROLES, { error: 'Choose a role from the list' }))
      .min(1, 'Choose at least one role'),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, value.email);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export type NewStaffUserInput = z.input<typeof newStaffUserSchema>;

export class UserExistsError extends Error {}
export class UserNotFoundError extends Error {}

export async function findUserByEmail(db: Db, email: string): Promise<StaffUserRow | undefined> {
  return db
    .selectFrom('staff_user')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<StaffUser | undefined> {
  const row = await db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStaffUser(row);
}

export async function listUsers(db: Db): Promise<StaffUser[]> {
  const rows = await db.selectFrom('staff_user').selectAll().orderBy('display_name').execute();
  return rows.map(toStaffUser);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('staff_user').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates a staff account; throws a ZodError for input that breaks newStaffUserSchema. */
export async function createUser(db: Db, actor: Actor, raw: NewStaffUserInput): Promise<StaffUser> {
  const input = newStaffUserSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    if (await findUserByEmail(trx, input.email)) {
      throw new UserExistsError(`A staff user with the email ${input.email} already exists`);
    }
    const row = await trx
      .insertInto('staff_user')
      .values({ email: input.email, display_name: input.displayName, roles: input.roles, password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'staff_user.created',
      subjectType: 'staff_user',
      subjectId: row.id,
      detail: { email: row.email, roles: row.roles },
    });
    return toStaffUser(row);
  });
}

/** Sets a new password, forgets wrong passwords tried for the account and signs the user out everywhere. */
export async function resetPassword(db: Db, actor: Actor, email: string, password: string): Promise<StaffUser> {
  const problem = passwordProblem(password, email);
  if (problem) throw new RangeError(problem);
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('staff_user')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
      .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new UserNotFoundError(`No staff user has the email ${email}`);
    await trx.deleteFrom('staff_session').where('user_id', '=', row.id).execute();
    await forgetFailedTries(trx, row.email);
    await recordAudit(trx, actor, { action: 'staff_user.password_reset', subjectType: 'staff_user', subjectId: row.id });
    return toStaffUser(row);
  });
}
