// Unit costs per channel as administrators set them. Each change is a new version with who and
// when, audited; cost to serve for a period uses the versions in force at the period's end, so a
// change today does not alter last year's figures.
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import type { UnitCostChange } from './model.js';
import * as store from './store.js';
import type { UnitCost } from './store.js';

export type { UnitCost } from './store.js';

/**
 * Each costed channel's unit cost in force at `at` (the end of a period: versions set before it),
 * or now when not given. A channel missing from the map is not costed.
 */
export async function unitCostsAt(db: Db, at?: Date): Promise<Map<string, UnitCost>> {
  return new Map((await store.selectUnitCosts(db, at)).map((c) => [c.channel, c]));
}

/** The changes, newest first (the defaults CharterDesk started with among them). */
export const unitCostHistory = (db: Db, limit = 100): Promise<UnitCost[]> => store.selectUnitCostHistory(db, limit);

/** Sets the channels' new unit costs (checked by readUnitCostForm), in force from `now`, each audited. */
export async function setUnitCosts(db: Db, actor: Actor, changes: readonly UnitCostChange[], now: Date): Promise<void> {
  if (!changes.length) return;
  await inTransaction(db, async (trx) => {
    const before = await unitCostsAt(trx);
    for (const change of changes) {
      const version = await store.insertUnitCost(trx, change.channel, change.pence, now, actor.label);
      await recordAudit(trx, actor, {
        action: 'unit_cost.set',
        subjectType: 'channel_unit_cost',
        subjectId: change.channel,
        detail: { channel: change.channel, version, pence: change.pence, beforePence: before.get(change.channel)?.pence ?? null },
      });
    }
  });
}
