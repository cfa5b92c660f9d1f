// Signing in: password check, lock-out after repeated failures, and the audit trail of both.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { findUserByEmail, toStaffUser, type StaffUser } from './users.js';

export const LOCKOUT = { attempts: 5, minutes: 15 } as const;

export type SignInResult =
  | { outcome: 'signed-in'; user: StaffUser }
  | { outcome: 'wrong-credentials' }
  | { outcome: 'locked'; until: Date };

export async function signIn(db: Db, email: string, password: string, now: Date, ip: string): Promise<SignInResult> {
  const row = await findUserByEmail(db, email);
  const anonymous: Actor = { type: 'anonymous', label: email.slice(0, 200), ip };
  if (!row || !row.active) {
    await verifyAgainstDecoy(password);
    await recordAudit(db, anonymous, { action: 'staff.sign_in_failed', detail: { reason: row ? 'inactive' : 'unknown email' } });
    return { outcome: 'wrong-credentials' };
  }
  const actor: Actor = { type: 'staff', id: row.id, label: row.display_name, ip };
  if (row.locked_until && row.locked_until > now) {
    await recordAudit(db, actor, { action: 'staff.sign_in_refused', subjectType: 'staff_user', subjectId: row.id, detail: { reason: 'locked' } });
    return { outcome: 'locked', until: row.locked_until };
  }
  if (!(await verifyPassword(password, row.password_hash))) {
    return recordFailure(db, actor, row.id, now);
  }
  const updated = await db
    .updateTable('staff_user')
    .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: 'staff.signed_in', subjectType: 'staff_user', subjectId: row.id });
  return { outcome: 'signed-in', user: toStaffUser(updated) };
}

// One UPDATE counts the failure and decides the lock, so two processes seeing failures at once
// cannot both miss the threshold.
async function recordFailure(db: Db, actor: Actor, userId: string, now: Date): Promise<SignInResult> {
  const lockUntil = new Date(now.getTime() + LOCKOUT.minutes * 60_000);
  const row = await db
    .updateTable('staff_user')
    .set({
      failed_sign_ins: sql<number>`CASE WHEN failed_sign_ins + 1 >= ${LOCKOUT.attempts} THEN 0 ELSE failed_sign_ins + 1 END`,
      locked_until: sql<Date | null>`CASE WHEN failed_sign_ins + 1 >= ${LOCKOUT.attempts} THEN ${lockUntil}::timestamptz ELSE NULL END`,
    })
    .where('id', '=', userId)
    .returning(['locked_until'])
    .executeTakeFirstOrThrow();
  if (row.locked_until) {
    await recordAudit(db, actor, { action: 'staff.locked_out', subjectType: 'staff_user', subjectId: userId, detail: { until: row.locked_until.toISOString() } });
    return { outcome: 'locked', until: row.locked_until };
  }
  await recordAudit(db, actor, { action: 'staff.sign_in_failed', subjectType: 'staff_user', subjectId: userId, detail: { reason: 'wrong password' } });
  return { outcome: 'wrong-credentials' };
}
