// Slowing down password guessing, per account and address together. After a few wrong passwords
// for one email from one address, further tries from there are refused for a delay that doubles
// with each failure. Nobody can lock a member of staff out from outside: failures from other
// addresses never slow the holder down at their own. The key is the email as typed, known or not,
// so an unknown email is slowed exactly as a known one. A per-address limit on every sign-in
// (routes.ts) stops one address trying many accounts.
import { sql } from 'kysely';
import { isIP, isIPv6 } from 'node:net';
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

// Only a forged X-Forwarded-For (a client reaching the app past its proxy) gives a client address
// that is not an address: all such count as one, so that making them up wins no fresh tries.
const NOT_AN_ADDRESS = 'not an address';

function addressKey(ip: string): string {
  if (!isIP(ip)) return NOT_AN_ADDRESS;
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

export type TakenTry =
  /** Slowed: no password may be checked for the key until then. */
  | { refusedUntil: Date }
  /** Counted as a failure (failures so far), and slowed until blockedUntil if that was one too many. */
  | { refusedUntil?: undefined; failures: number; blockedUntil: Date | undefined };

/**
 * Takes a try for the key before its password is checked: refused while the key is slowed, and
 * otherwise counted at once as a failure (a right password then forgets it, forgetFailedTries). One
 * statement checks and counts, so tries sent together, from one process or several, cannot all be
 * checked before the first is counted: no more passwords are checked than the free tries allow.
 */
export async function takeTry(db: Db, key: ThrottleKey, now: Date): Promise<TakenTry> {
  const forgetBefore = new Date(now.getTime() - THROTTLE.forgetAfterHours * 3_600_000);
  // Swept here rather than by a job: the table stays small with nothing else to run.
  await db.deleteFrom('sign_in_throttle').where('last_failed_at', '<', forgetBefore).execute();
  const failures = sql<number>`CASE WHEN sign_in_throttle.last_failed_at < ${forgetBefore}::timestamptz THEN 1 ELSE sign_in_throttle.failures + 1 END`;
  const delay = sql<number>`LEAST(${THROTTLE.firstDelayMinutes} * power(2, (${failures}) - ${THROTTLE.freeTries}), ${THROTTLE.maxDelayMinutes})`;
  const taken = await db
    .insertInto('sign_in_throttle')
    .values({ email: key.email, address: key.address, failures: 1, last_failed_at: now, blocked_until: blockedAfter(1, now) ?? null })
    .onConflict((oc) =>
      oc
        .columns(['email', 'address'])
        .doUpdateSet({
          failures,
          last_failed_at: now,
          blocked_until: sql<Date | null>`CASE WHEN (${failures}) >= ${THROTTLE.freeTries} THEN ${now}::timestamptz + ${delay} * interval '1 minute' END`,
        })
        // A slowed key's row is left as it is, and returns nothing.
        .where((eb) => eb.or([eb('sign_in_throttle.blocked_until', 'is', null), eb('sign_in_throttle.blocked_until', '<=', now)])),
    )
    .returning(['failures', 'blocked_until'])
    .executeTakeFirst();
  if (taken) return { failures: taken.failures, blockedUntil: taken.blocked_until ?? undefined };
  const row = await db.selectFrom('sign_in_throttle').select('blocked_until').where('email', '=', key.email).where('address', '=', key.address).executeTakeFirst();
  // Forgotten in between by a right password from the same address: slowed all the same, briefly.
  return { refusedUntil: row?.blocked_until ?? new Date(now.getTime() + THROTTLE.firstDelayMinutes * 60_000) };
}

function blockedAfter(failures: number, now: Date): Date | undefined {
  return failures >= THROTTLE.freeTries ? new Date(now.getTime() + delayMinutes(failures) * 60_000) : undefined;
}

/** Forgets the failures for an email: from one address (a right password there), or from all (a password reset). */
export async function forgetFailedTries(db: Db, email: string, address?: string): Promise<void> {
  let query = db.deleteFrom('sign_in_throttle').where('email', '=', email.trim().toLowerCase());
  if (address !== undefined) query = query.where('address', '=', address);
  await query.execute();
}
