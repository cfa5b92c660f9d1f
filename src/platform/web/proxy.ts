// Which reverse proxies to believe about the client's address (X-Forwarded-For) and protocol.
// Trusting the whole header would let a client name its own address, slipping past the per-address
// limits on signing in and tracking and forging the audit trail. So the council says how many
// proxies stand in front of the app, or which addresses they have, and only those hops are believed.
import { isIP } from 'node:net';

/** false: no proxy; a number: that many hops; a list: proxies with these addresses or ranges. */
export type TrustProxy = false | number | string[];

// Named ranges that Fastify's proxy-addr knows.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export const TRUST_PROXY_HELP =
  'must be 0 (no proxy), the number of proxies in front of the app (1 for one), or their addresses separated by commas, like 10.0.0.5 or 10.0.0.0/8';

function isAddressOrRange(value: string): boolean {
  if (NAMED_RANGES.has(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY as the council writes it; undefined when it makes no sense. 1 and true mean one hop. */
export function parseTrustProxy(raw: string): TrustProxy | undefined {
  const value = raw.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) return 1;
  if (/^\d+$/.test(value)) return Number(value) <= 20 ? Number(value) : undefined;
  const entries = value.split(',').map((v) => v.trim());
  return entries.every(isAddressOrRange) ? entries : undefined;
}

/**
 * The form Fastify takes. A hop count becomes a function: Fastify itself treats a bare number as
 * "trust nothing", and `true` as "trust every hop", which is the hole this closes.
 */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false || trust === 0) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}
