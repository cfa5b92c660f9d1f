// Signing in: the password check, slowing down repeated failures (throttle.ts), telling the account
// holder, and the audit trail of all three. An unknown email and a known one answer the same way
// and do the same work (a password hash each, the same throttle), so answers and their timing do
// not reveal which staff accounts exist.
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { queueNotification } from '../outbox/outbox.js';
import { formatDateTime } from '../views/environment.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { forgetFailedTries, takeTry, THROTTLE, throttleKey } from './throttle.js';
import { findUserByEmail, toStaffUser, type StaffUser } from './users.js';
import type { StaffUserRow } from '../db/schema.js';

export type SignInResult =
  | { outcome: 'signed-in'; user: StaffUser }
  | { outcome: 'wrong-credentials' }
  /** Too many wrong passwords for this email from this address: try again from `until`. */
  | { outcome: 'throttled'; until: Date };

export async function signIn(db: Db, email: string, password: string, now: Date, ip: string): Promise<SignInResult> {
  const key = throttleKey(email, ip);
  const found = await findUserByEmail(db, email);
  const row = found?.active ? found : undefined;
  const actor: Actor = row ? { type: 'staff', id: row.id, label: row.display_name, ip } : { type: 'anonymous', label: email.slice(0, 200), ip };
  const subject = row ? { subjectType: 'staff_user', subjectId: row.id } : {};
  // Counted as a failure before the password is checked (throttle.ts), forgotten if it is right.
  const taken = await takeTry(db, key, now);
  if (taken.refusedUntil) {
    const until = taken.refusedUntil;
    await recordAudit(db, actor, { action: 'staff.sign_in_refused', ...subject, detail: { reason: 'too many wrong passwords from this address', until: until.toISOString() } });
    return { outcome: 'throttled', until };
  }
  const right = row ? await verifyPassword(password, row.password_hash) : await verifyAgainstDecoy(password);
  if (!row || !right) {
    const reason = row ? 'wrong password' : found ? 'inactive' : 'unknown email';
    const { failures, blockedUntil } = taken;
    return inTransaction(db, (trx) => recordFailure(trx, { actor, row, reason, now, failures, blockedUntil }));
  }
  return inTransaction(db, async (trx) => {
    await forgetFailedTries(trx, key.email, key.address);
    const updated = await trx.updateTable('staff_user').set({ last_sign_in_at: now }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'staff.signed_in', subjectType: 'staff_user', subjectId: row.id });
    return { outcome: 'signed-in', user: toStaffUser(updated) };
  });
}

interface Failure {
  actor: Actor;
  row: StaffUserRow | undefined;
  reason: string;
  now: Date;
  /** As counted when the try was taken (takeTry). */
  failures: number;
  blockedUntil: Date | undefined;
}

async function recordFailure(trx: Db, failure: Failure): Promise<SignInResult> {
  const { actor, row, reason, now, failures, blockedUntil } = failure;
  const subject = row ? { subjectType: 'staff_user', subjectId: row.id } : {};
  await recordAudit(trx, actor, { action: 'staff.sign_in_failed', ...subject, detail: { reason, failures } });
  if (!blockedUntil) return { outcome: 'wrong-credentials' };
  await recordAudit(trx, actor, { action: 'staff.sign_in_slowed', ...subject, detail: { failures, until: blockedUntil.toISOString() } });
  if (row && failures === THROTTLE.freeTries) await tellHolder(trx, row, actor.ip ?? '', now);
  return { outcome: 'throttled', until: blockedUntil };
}

// Once per burst: not again until the holder next signs in, or for a day, however many addresses
// the failures come from. One conditional UPDATE decides, so two processes cannot both send.
async function tellHolder(trx: Db, row: StaffUserRow, ip: string, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const holder = await trx
    .updateTable('staff_user')
    .set({ sign_in_alert_at: now })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('sign_in_alert_at', 'is', null), eb('sign_in_alert_at', '<', dayAgo), eb('sign_in_alert_at', '<', eb.ref('last_sign_in_at'))]))
    .returning(['email', 'display_name'])
    .executeTakeFirst();
  if (!holder) return;
  await queueNotification(trx, {
    template: 'staff.sign_in_failures',
    to: { email: holder.email },
    personalisation: { name: holder.display_name, attempts: THROTTLE.freeTries, time: formatDateTime(now), ip_address: ip },
    now,
  });
}
