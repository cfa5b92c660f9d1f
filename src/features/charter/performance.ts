// How the council did against each published standard: of the clocks that stopped in a quarter,
// the share that met the standard. The counting is the cases feature's (standardOutcomeTallies:
// met and missed by when the clock stopped, void clocks left out) and the share is the KPIs'
// (percentOf, rounded down), so the charter and the standards' KPIs (kpis.ts) give one number.
// Quarters are the reporting periods of platform/kpi: calendar quarters in London time.
import type { Db } from '../../platform/db/database.js';
import { percentOf, periodAt, periodsEndingWith, shiftPeriod, type Period } from '../../platform/kpi/index.js';
import { standardOutcomeTallies, type OutcomeTally } from '../cases/standard-outcomes.js';

/** A calendar quarter, as every report counts it. */
export type Quarter = Period;

export interface Figure {
  met: number;
  missed: number;
  /** met + missed: the clocks that stopped. */
  measured: number;
  /** Rounded down to one decimal place, so 100% means every one; null when nothing was measured. */
  percentMet: number | null;
  targetMet: boolean | null;
  /** "95% met (190 of 200)", or "Not measured yet". */
  text: string;
}

export interface StandardFigures {
  lastQuarter: Figure;
  quarterSoFar: Figure;
  /** The last four complete quarters, oldest first (the last of them is `lastQuarter`). */
  lastFour: Figure[];
}

export interface CharterQuarters {
  last: Quarter;
  current: Quarter;
  /** The last four complete quarters, oldest first. */
  lastFour: Quarter[];
}

/** The last complete calendar quarter before `now`, the one `now` is in, and the last four complete ones. */
export function quartersAt(now: Date): CharterQuarters {
  const current = periodAt('quarter', now);
  const last = shiftPeriod(current, -1);
  return { last, current, lastFour: periodsEndingWith(last, 4) };
}

const percentFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('en-GB');

/** Whether `met` of `measured` reaches the target, in whole numbers so 97.5% of 200 is compared exactly. */
export const reachesTarget = (met: number, measured: number, targetPercent: number): boolean => met * 10_000 >= Math.round(targetPercent * 100) * measured;

export function figure(met: number, missed: number, targetPercent: number): Figure {
  const measured = met + missed;
  const { value: percentMet } = percentOf(met, measured);
  if (percentMet === null) return { met, missed, measured, percentMet: null, targetMet: null, text: 'Not measured yet' };
  const targetMet = reachesTarget(met, measured, targetPercent);
  return { met, missed, measured, percentMet, targetMet, text: `${percentFormat.format(percentMet)}% met (${countFormat.format(met)} of ${countFormat.format(measured)})` };
}

/** Each standard's figures for the last four complete quarters and the quarter so far. */
export async function charterPerformance(db: Db, standards: readonly { id: string; targetPercent: number }[], now: Date): Promise<{ quarters: CharterQuarters; of: (standardId: string) => StandardFigures }> {
  const quarters = quartersAt(now);
  const ranges = [...quarters.lastFour, quarters.current];
  const tallies = await standardOutcomeTallies(db, standards.map((s) => s.id), ranges);
  const targets = new Map(standards.map((s) => [s.id, s.targetPercent]));
  return {
    quarters,
    of: (standardId) => {
      const target = targets.get(standardId) ?? 100;
      const figures = (tallies.get(standardId) ?? ranges.map((): OutcomeTally => ({ met: 0, missed: 0 }))).map((t) => figure(t.met, t.missed, target));
      const lastFour = figures.slice(0, 4);
      return { lastQuarter: lastFour[3]!, quarterSoFar: figures[4]!, lastFour };
    },
  };
}
