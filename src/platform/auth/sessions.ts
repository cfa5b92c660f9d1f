// Staff sessions, stored in the database so that any app process can serve any request.
// The cookie carries a random 256-bit token; the table keeps only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { toStaffUser, type StaffUser } from './users.js';

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out this long after signing in, however active. */
  maxHours: number;
}

// Extending the expiry on every request would write on every page view; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function expiry(now: Date, createdAt: Date, policy: SessionPolicy): Date {
  const idle = now.getTime() + policy.idleMinutes * 60_000;
  const absolute = createdAt.getTime() + policy.maxHours * 3_600_000;
  return new Date(Math.min(idle, absolute));
}

export async function createSession(db: Db, userId: string, now: Date, policy: SessionPolicy): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('staff_session')
    .values({ id_hash: hashToken(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: expiry(now, now, policy) })
    .execute();
  // Expired sessions are swept here rather than by a timer, so the table stays small with no extra job.
  await db.deleteFrom('staff_session').where('expires_at', '<', now).execute();
  return token;
}

/** The signed-in staff user for a session token, or undefined if it is unknown, expired or the user is inactive. */
export async function resumeSession(db: Db, token: string, now: Date, policy: SessionPolicy): Promise<StaffUser | undefined> {
  const idHash = hashToken(token);
  const row = await db
    .selectFrom('staff_session as s')
    .innerJoin('staff_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.created_at as session_created_at', 's.last_seen_at', 's.expires_at'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.expires_at <= now || !row.active) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('staff_session')
      .set({ last_seen_at: now, expires_at: expiry(now, row.session_created_at, policy) })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return toStaffUser(row);
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('staff_session').where('id_hash', '=', hashToken(token)).execute();
}
