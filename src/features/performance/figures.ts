// Every KPI over a run of periods: what the dashboard (this quarter against last) and the
// quarterly review (the quarter and the three before it) both show. Each figure is judged by the
// target in force at the end of its period, so moving a target today does not recolour last year.
// The KPI list and the target history are read once; a source that can measure all its KPIs over
// all the periods at once (`totals`: one statement for every standard) is asked once.
import type { Db } from '../../platform/db/database.js';
import { ragOf, type KpiFigure, type Period, type Rag } from '../../platform/kpi/index.js';
import type { KpiRegistry, RegisteredKpi, SourceKpis } from './registry.js';
import { settingsAt } from './targets.js';

export interface SeriesPoint {
  period: Period;
  figure: KpiFigure;
  /** The target that applied at the period's end, and the RAG against it. */
  target: RegisteredKpi['target'];
  rag: Rag | null;
}

export interface KpiSeries {
  /** The KPI as it stands now (its name, definition and current target). */
  kpi: RegisteredKpi;
  /** One point per period, in the order asked (oldest first). */
  points: SeriesPoint[];
}

/**
 * At most this many computes at once: a review asks for some 250 figures, and all at once would
 * take every pooled PostgreSQL connection (the pages would wait, and the pool gives up after 5 s).
 */
const AT_ONCE = 3;

/** Runs `tasks` with at most `limit` under way, keeping their order in the answers. */
async function limited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Each KPI's figure per period (`[source][kpi][period]`). Sources that measure in batches
 * (`totals`) are asked together, once each, so reads they share (contacts' and cost's counts) run
 * once; every other KPI is computed period by period, a few at a time.
 */
async function figuresOf(sources: readonly SourceKpis[], db: Db, periods: readonly Period[]): Promise<KpiFigure[][][]> {
  const batched = await Promise.all(
    sources.map(({ source, kpis }) => (source.totals && kpis.length ? source.totals(db, kpis, periods) : Promise.resolve(new Map<string, KpiFigure[]>()))),
  );
  const missing = sources.flatMap(({ kpis }, s) => kpis.flatMap((kpi) => (batched[s]!.has(kpi.code) ? [] : periods.map((period) => ({ s, kpi, period })))));
  const computed = await limited(missing.map(({ kpi, period }) => async () => (await kpi.compute(db, period)).total), AT_ONCE);
  missing.forEach(({ s, kpi }, i) => {
    const list = batched[s]!.get(kpi.code) ?? [];
    list.push(computed[i]!);
    batched[s]!.set(kpi.code, list);
  });
  return sources.map(({ kpis }, s) => kpis.map((kpi) => batched[s]!.get(kpi.code) ?? []));
}

/** Every KPI (or those `include` keeps) over `periods`, oldest first. */
export async function measureSeries(
  db: Db,
  registry: KpiRegistry,
  periods: readonly Period[],
  options: { now: Date; include?: (kpi: RegisteredKpi) => boolean },
): Promise<KpiSeries[]> {
  const include = options.include ?? (() => true);
  const { sources, history } = await registry.bySource(db);
  const wanted = sources.map(({ source, kpis }) => ({ source, kpis: kpis.filter(include) }));
  // The targets that applied at each period's end (or now, for a period still running).
  const settings = periods.map((p) => settingsAt(history, p.to < options.now ? p.to : options.now));
  const figures = await figuresOf(wanted, db, periods);
  return wanted.flatMap(({ kpis }, s) =>
    kpis.map((kpi, k) => ({
      kpi,
      points: periods.map((period, i) => {
        const figure = figures[s]![k]![i]!;
        const setting = settings[i]!.get(kpi.code);
        const target = setting ? (setting.target ?? kpi.defaultTarget ?? null) : (kpi.defaultTarget ?? null);
        return { period, figure, target, rag: ragOf(figure.value, kpi.direction, target) };
      }),
    })),
  );
}
