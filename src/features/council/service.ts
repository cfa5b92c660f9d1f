// What a user can do with the council's settings.
import { inTransaction, type Db } from '../../platform/db/database.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { StaleEditError } from '../../platform/errors.js';
import type { Council, CouncilSettings } from './model.js';
import { insertCouncilIfMissing, selectCouncil, updateCouncil } from './store.js';

export class CouncilNotSetUpError extends Error {
  constructor() {
    super('The council has not been set up yet: run `npm run cli -- migrate` and start with DEMO=1 or ADMIN_EMAIL/ADMIN_PASSWORD');
  }
}


/** A change to the council's settings, seen from inside the transaction that makes it. */
export interface CouncilSettingsChanged {
  /** The transaction: do all work through it; throwing undoes the change. */
  db: Db;
  actor: Actor;
  before: Council;
  after: Council;
  changed: (keyof CouncilSettings)[];
}

export type CouncilSettingsListener = (change: CouncilSettingsChanged) => Promise<void> | void;

const settingsListeners = new Map<string, CouncilSettingsListener>();

/**
 * Lets features that depend on the council react to a change in the same transaction (the
 * calendar records a new version when the nation changes) without the council depending on
 * them. Registered by name, so registering twice replaces; returns a function that unregisters.
 */
export function onCouncilSettingsChanged(name: string, listener: CouncilSettingsListener): () => void {
  settingsListeners.set(name, listener);
  return () => {
    if (settingsListeners.get(name) === listener) settingsListeners.delete(name);
  };
}

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
    for (const listener of [...settingsListeners.values()]) await listener({ db: trx, actor, before, after, changed });
    return after;
  });
}
