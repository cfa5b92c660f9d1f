// SQL for tracking: the case a private link opens. The link's secret is never stored, only its hash.
import type { Db } from '../../../platform/db/database.js';

export async function selectCaseIdByTokenHash(db: Db, tokenHash: string): Promise<{ id: string; reference: string } | undefined> {
  return db.selectFrom('cases').select(['id', 'reference']).where('tracking_token_hash', '=', tokenHash).executeTakeFirst();
}
