// KPI targets and RAG thresholds as managers set them: append-only versions in kpi_target, so a
// past period is judged by the target in force at its end and the audit trail says who moved it.
import type { Actor } from '../../platform/audit/audit.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import type { KpiTarget } from '../../platform/kpi/index.js';

export interface TargetSetting {
  code: string;
  target: KpiTarget | null;
  setAt: Date;
  setByLabel: string;
  version: number;
}

/** Every setting ever made, oldest first: read once, then asked at any moment with `settingsAt`. */
export async function targetHistory(db: Db): Promise<TargetSetting[]> {
  const rows = await db.selectFrom('kpi_target').select(['code', 'version', 'target', 'red', 'set_at', 'set_by_label']).orderBy('code').orderBy('version').execute();
  return rows.map((r) => ({
    code: r.code,
    target: r.target === null ? null : { target: Number(r.target), red: r.red === null ? null : Number(r.red) },
    setAt: r.set_at,
    setByLabel: r.set_by_label,
    version: r.version,
  }));
}

/**
 * The latest setting of every KPI that has one, as it stood at `at` (set at or before it). A KPI
 * with no setting, or whose latest setting is null, uses its default target.
 */
export function settingsAt(history: readonly TargetSetting[], at: Date): Map<string, TargetSetting> {
  const latest = new Map<string, TargetSetting>();
  for (const setting of history) if (setting.setAt.getTime() <= at.getTime()) latest.set(setting.code, setting);
  return latest;
}

/** The settings in force at `at` (now when not given). */
export async function targetSettings(db: Db, at?: Date): Promise<Map<string, TargetSetting>> {
  const history = await targetHistory(db);
  return at ? settingsAt(history, at) : new Map(history.map((s) => [s.code, s]));
}

/** Sets a KPI's target (or, with null, puts it back to its default), audited. Checked by the caller (model). */
export async function setTarget(db: Db, actor: Actor, code: string, target: KpiTarget | null, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const last = await trx.selectFrom('kpi_target').select((eb) => eb.fn.max('version').as('version')).where('code', '=', code).executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    await trx
      .insertInto('kpi_target')
      .values({ code, version, target: target?.target ?? null, red: target?.red ?? null, set_at: now, set_by_label: actor.label })
      .execute();
    await recordAudit(trx, actor, { action: 'kpi.target_set', subjectType: 'kpi', subjectId: code, detail: { version, target } });
  });
}
