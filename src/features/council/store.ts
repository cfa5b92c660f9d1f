import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CouncilRow } from '../../platform/db/schema.js';
import type { Nation } from '../../time/nation.js';
import type { Council, CouncilSettings } from './model.js';

function toCouncil(row: CouncilRow): Council {
  return {
    name: row.name,
    nation: row.nation as Nation,
    population: row.population,
    logoUrl: row.logo_url,
    email: row.email,
    phone: row.phone,
    website: row.website,
    address: row.address,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function toRow(settings: CouncilSettings) {
  return {
    name: settings.name,
    nation: settings.nation,
    population: settings.population,
    logo_url: settings.logoUrl,
    email: settings.email,
    phone: settings.phone,
    website: settings.website,
    address: settings.address,
  };
}

export async function selectCouncil(db: Db): Promise<Council | undefined> {
  const row = await db.selectFrom('council').selectAll().executeTakeFirst();
  return row && toCouncil(row);
}

/** Inserts the settings if no council exists yet; returns whether it did. */
export async function insertCouncilIfMissing(db: Db, settings: CouncilSettings): Promise<boolean> {
  const result = await db.insertInto('council').values(toRow(settings)).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Updates only if nobody saved since `expectedVersion` was read; returns the new record or undefined. */
export async function updateCouncil(db: Db, settings: CouncilSettings, expectedVersion: number): Promise<Council | undefined> {
  const row = await db
    .updateTable('council')
    .set({ ...toRow(settings), version: sql<number>`version + 1`, updated_at: new Date() })
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
  return row && toCouncil(row);
}
