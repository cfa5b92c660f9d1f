// Staff passwords: scrypt, a memory-hard KDF built into Node (no native add-on to build on council
// servers). Stored as "scrypt$N$r$p$salt$hash" so the cost can be raised later without a migration.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const COST = { N: 2 ** 15, r: 8, p: 1 }; // 32 MiB of memory per hash
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST.N, COST.r, COST.p);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Checked against when an email is unknown, so that a wrong email takes as long as a wrong password
// and response times do not reveal which staff accounts exist.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  await verifyPassword(password, await prepareDecoy());
  return false;
}

/** Makes the decoy before the first sign-in, so that the first unknown email is not slower than the rest. */
export function prepareDecoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}

export const MIN_PASSWORD_LENGTH = 12;

/** NCSC guidance: length over composition rules. Returns a message, or undefined when acceptable. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'Password must be 256 characters or fewer';
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? '\u0000')) {
    return 'Password must not contain your email address';
  }
  return undefined;
}
