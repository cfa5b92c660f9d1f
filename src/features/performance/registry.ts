// The KPI registry: every KPI the features export (their KpiSources), in the order of their
// sections, with the target that applies. It knows no feature's tables: a figure is always the
// KPI's own `compute` (or its source's `totals`, which gives the same), so the dashboard, the
// review, the CSV and the JSON feed show one number.
import type { Db } from '../../platform/db/database.js';
import { ragOf, type Breakdown, type Kpi, type KpiFigure, type KpiResult, type KpiSource, type KpiTarget, type Period, type Rag } from '../../platform/kpi/index.js';
import { settingsAt, targetHistory, type TargetSetting } from './targets.js';

export interface Section {
  code: string;
  title: string;
  order: number;
}

export interface RegisteredKpi extends Kpi {
  section: Section;
  /** The target that applies: the one managers set, else the KPI's default; null when it has none. */
  target: KpiTarget | null;
  /** Whether a manager set the target (and who and when), or it is the KPI's default. */
  targetSetBy: { label: string; at: Date } | null;
}

/** A KPI's figure for one period, judged against its target. */
export interface Measured {
  kpi: RegisteredKpi;
  period: Period;
  result: KpiResult;
  figure: KpiFigure;
  rag: Rag | null;
}

/** The KPIs of one source, as listed: what `measureSeries` hands back to the source's `totals`. */
export interface SourceKpis {
  source: KpiSource;
  kpis: RegisteredKpi[];
}

export interface KpiRegistry {
  /** Every KPI, sections in order and each source's KPIs in its own order, with the targets in force at `at` (now by default). */
  list(db: Db, options?: { at?: Date }): Promise<RegisteredKpi[]>;
  /** The same, by source (for batch computing), with every target setting ever made. */
  bySource(db: Db): Promise<{ sources: SourceKpis[]; history: TargetSetting[] }>;
  /** One KPI by its code, or null when no feature exports it (any more). */
  get(db: Db, code: string, options?: { at?: Date }): Promise<RegisteredKpi | null>;
  /** The sections, in order, whether or not they have KPIs today. */
  sections(): Section[];
}

/** A KPI with the target in force according to `settings` (a manager's, else its default). */
export function withTarget(kpi: Kpi, section: Section, settings: Map<string, TargetSetting>): RegisteredKpi {
  const setting = settings.get(kpi.code);
  const set = setting?.target ? { label: setting.setByLabel, at: setting.setAt } : null;
  return { ...kpi, section, target: setting?.target ?? kpi.defaultTarget ?? null, targetSetBy: set };
}

export function createKpiRegistry(sources: readonly KpiSource[]): KpiRegistry {
  const ordered = [...sources].sort((a, b) => a.section.order - b.section.order);
  const bySource: KpiRegistry['bySource'] = async (db) => {
    const [lists, history] = await Promise.all([Promise.all(ordered.map((s) => s.kpis(db))), targetHistory(db)]);
    const now = settingsAt(history, new Date(8.64e15));
    return { sources: ordered.map((source, i) => ({ source, kpis: lists[i]!.map((kpi) => withTarget(kpi, source.section, now)) })), history };
  };
  const list: KpiRegistry['list'] = async (db, options = {}) => {
    const { sources: listed, history } = await bySource(db);
    const settings = settingsAt(history, options.at ?? new Date(8.64e15));
    return listed.flatMap(({ source, kpis }) => kpis.map((kpi) => withTarget(kpi, source.section, settings)));
  };
  return {
    list,
    bySource,
    async get(db, code, options) {
      return (await list(db, options)).find((k) => k.code === code) ?? null;
    },
    sections: () => ordered.map((s) => s.section).filter((s, i, all) => all.findIndex((t) => t.code === s.code) === i),
  };
}

/** A KPI's figure for a period (and its rows, broken down by `by`), with its RAG against the target. */
export async function measure(db: Db, kpi: RegisteredKpi, period: Period, by?: Breakdown): Promise<Measured> {
  const result = await kpi.compute(db, period, by);
  return { kpi, period, result, figure: result.total, rag: ragOf(result.total.value, kpi.direction, kpi.target) };
}
