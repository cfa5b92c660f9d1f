// Every migration, in order. Listed in code (not read from a folder) so that tsx, vitest and a
// bundled build all see the same set.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
