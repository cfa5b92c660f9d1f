// Slowing down password guessing, per account and address together. After a few wrong passwords
// for one email from one address, further tries from there are refused for a delay that doubles
// with each failure. Nobody can lock a member of staff out from outside: failures from other
// addresses never slow the holder down at their own. The key is the email as typed, known or not,
// so an unknown email is slowed exactly as a known one. A per-address limit on every sign-in
// (routes.ts) stops one address trying many accounts.
import { sql } from 'kysely';
import { isIPv6 } from 'node:net';
import type { Db } from '../db/database.js';

export const THROTTLE = {
  /** Wrong passwords allowed for one email from one address before tries are slowed. */
  freeTries: 5,
  /** The wait after the last free try; it doubles with each further failure, up to maxDelayMinutes. */
  firstDelayMinutes: 1,
  maxDelayMinutes: 60,
  /** Failures older than this are forgotten. */
  forgetAfterHours: 24,
} as const;

export interface ThrottleKey {
  email: string;
  address: string;
}

/**
 * The key for an email typed from a client address. An IPv6 client usually has a whole /64 to
 * itself, so its addresses count as one; an IPv4-mapped address counts as the IPv4 address.
 */
export function throttleKey(email: string, ip: string): ThrottleKey {
  return { email: email.trim().toLowerCase(), address: addressKey(ip) };
}

function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function delayMinutes(failures: number): number {
  return Math.min(THROTTLE.firstDelayMinutes * 2 ** (failures - THROTTLE.freeTries), THROTTLE.maxDelayMinutes);
}

/** Until when tries for this key are refused, or undefined when they are not. */
export async function throttledUntil(db: Db, key: ThrottleKey, now: Date): Promise<Date | undefined> {
  const row = await db.selectFrom('sign_in_throttle').select('blocked_until').where('email', '=', key.email).where('address', '=', key.address).executeTakeFirst();
  return row?.blocked_until && row.blocked_until > now ? row.blocked_until : undefined;
}

/**
 * Counts a wrong password for the key (in `db`, the caller's transaction). Returns the number of
 * failures so far and, once past the free tries, until when further tries are refused.
 */
export async function recordFailedTry(db: Db, key: ThrottleKey, now: Date): Promise<{ failures: number; blockedUntil: Date | undefined }> {
  const forgetBefore = new Date(now.getTime() - THROTTLE.forgetAfterHours * 3_600_000);
  // One statement counts the failure, so two processes seeing failures at once both count.
  const { failures } = await db
    .insertInto('sign_in_throttle')
    .values({ email: key.email, address: key.address, failures: 1, last_failed_at: now })
    .onConflict((oc) =>
      oc.columns(['email', 'address']).doUpdateSet({
        failures: sql<number>`CASE WHEN sign_in_throttle.last_failed_at < ${forgetBefore}::timestamptz THEN 1 ELSE sign_in_throttle.failures + 1 END`,
        last_failed_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const blockedUntil = failures >= THROTTLE.freeTries ? new Date(now.getTime() + delayMinutes(failures) * 60_000) : undefined;
  if (blockedUntil) await db.updateTable('sign_in_throttle').set({ blocked_until: blockedUntil }).where('email', '=', key.email).where('address', '=', key.address).execute();
  // Swept here rather than by a job: the table stays small with nothing else to run.
  await db.deleteFrom('sign_in_throttle').where('last_failed_at', '<', forgetBefore).execute();
  return { failures, blockedUntil };
}

/** Forgets the failures for an email: from one address (a right password there), or from all (a password reset). */
export async function forgetFailedTries(db: Db, email: string, address?: string): Promise<void> {
  let query = db.deleteFrom('sign_in_throttle').where('email', '=', email.trim().toLowerCase());
  if (address !== undefined) query = query.where('address', '=', address);
  await query.execute();
}
