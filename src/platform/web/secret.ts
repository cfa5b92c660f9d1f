// The secret that signs cookies comes from SESSION_SECRET. When it is not set (the demo, a trial),
// one is generated once and kept in the database, so that every app process on that database
// shares it and restarts do not invalidate forms.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

export async function resolveCookieSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('app_setting')
    .values({ key: 'cookie_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', 'cookie_secret').executeTakeFirstOrThrow();
  return row.value;
}
