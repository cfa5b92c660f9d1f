// SQL for channel unit costs: append-only versions in channel_unit_cost (migration 0025).
import type { Db } from '../../../platform/db/database.js';

export interface UnitCost {
  channel: string;
  version: number;
  pence: number;
  setAt: Date;
  setByLabel: string;
}

const columns = ['channel', 'version', 'pence', 'set_at', 'set_by_label'] as const;
const toUnitCost = (r: { channel: string; version: number; pence: number; set_at: Date; set_by_label: string }): UnitCost => ({
  channel: r.channel,
  version: r.version,
  pence: r.pence,
  setAt: r.set_at,
  setByLabel: r.set_by_label,
});

/** The latest version of each channel's unit cost set before `at` (every version when not given). */
export async function selectUnitCosts(db: Db, at?: Date): Promise<UnitCost[]> {
  let q = db.selectFrom('channel_unit_cost').select(columns).distinctOn('channel').orderBy('channel').orderBy('version', 'desc');
  if (at) q = q.where('set_at', '<', at);
  return (await q.execute()).map(toUnitCost);
}

/** Every change, newest first. */
export async function selectUnitCostHistory(db: Db, limit: number): Promise<UnitCost[]> {
  const rows = await db.selectFrom('channel_unit_cost').select(columns).orderBy('set_at', 'desc').orderBy('channel').limit(limit).execute();
  return rows.map(toUnitCost);
}

/** Appends a channel's next version; returns it. */
export async function insertUnitCost(db: Db, channel: string, pence: number, setAt: Date, setByLabel: string): Promise<number> {
  const last = await db.selectFrom('channel_unit_cost').select((eb) => eb.fn.max('version').as('version')).where('channel', '=', channel).executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  await db.insertInto('channel_unit_cost').values({ channel, version, pence, set_at: setAt, set_by_label: setByLabel }).execute();
  return version;
}
