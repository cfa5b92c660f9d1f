// What a user can do with the council's settings.
import { inTransaction, type Db } from '../../platform/db/database.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import type { Council, CouncilSettings } from './model.js';
import { insertCouncilIfMissing, selectCouncil, updateCouncil } from './store.js';

export class CouncilNotSetUpError extends Error {
  constructor() {
    super('The council has not been set up yet: run `npm run cli -- migrate` and start with DEMO=1 or ADMIN_EMAIL/ADMIN_PASSWORD');
  }
}

export class StaleEditError extends Error {}

export async function getCouncil(db: Db): Promise<Council> {
  const council = await selectCouncil(db);
  if (!council) throw new CouncilNotSetUpError();
  return council;
}

export async function findCouncil(db: Db): Promise<Council | undefined> {
  return selectCouncil(db);
}

export async function setUpCouncil(db: Db, actor: Actor, settings: CouncilSettings): Promise<boolean> {
  const created = await insertCouncilIfMissing(db, settings);
  if (created) await recordAudit(db, actor, { action: 'council.created', subjectType: 'council', subjectId: '1', detail: { name: settings.name } });
  return created;
}

/** Saves new settings; throws StaleEditError if someone else saved since the form was opened. */
export async function changeCouncilSettings(db: Db, actor: Actor, settings: CouncilSettings, expectedVersion: number): Promise<Council> {
  return inTransaction(db, async (trx) => {
    const before = await getCouncil(trx);
    const after = await updateCouncil(trx, settings, expectedVersion);
    if (!after) throw new StaleEditError('The council’s settings were changed by someone else since you opened this page');
    const changed = (Object.keys(settings) as (keyof CouncilSettings)[]).filter((k) => before[k] !== after[k]);
    await recordAudit(trx, actor, { action: 'council.updated', subjectType: 'council', subjectId: '1', detail: { changed } });
    return after;
  });
}
