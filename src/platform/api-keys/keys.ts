// Making and recognising API keys. Keys are 32 random bytes, so a single SHA-256 is as good as a
// slow password hash against guessing and costs microseconds per call (see ARCHITECTURE.md,
// "API keys are not passwords").
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Lets people (and secret scanners) recognise a CharterDesk key in a config file or a log. */
export const KEY_PREFIX = 'cd_';
/** Characters shown in lists: enough to tell keys apart, far too few to guess the rest. */
const DISPLAY_CHARS = 8;
/** Longer than any key we issue or accept, so an absurd header is refused before hashing. */
export const MAX_KEY_LENGTH = 200;

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function displayPrefix(key: string): string {
  const start = key.startsWith(KEY_PREFIX) ? KEY_PREFIX.length : 0;
  return key.slice(0, start + DISPLAY_CHARS);
}

/** Equal hashes, compared in constant time so the comparison leaks nothing about how close a guess came. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
