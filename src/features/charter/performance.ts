// How the council did against each published standard: of the clocks that stopped in a quarter,
// the share that met the standard. Read from the met/missed facts the case lifecycle records
// (case_standard.outcome and stopped_at); a void clock (a request cancelled or found to be a
// duplicate) measured nothing and is left out. Quarters are calendar quarters in London time.
import type { Db } from '../../platform/db/database.js';
import { endOfLondonDay, londonDate } from '../../time/index.js';

export interface Quarter {
  /** The first instant of the quarter in London, and the first instant of the next one. */
  from: Date;
  to: Date;
  /** "January to March 2026" */
  label: string;
  firstDay: string;
  lastDay: string;
}

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
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const isoDay = (year: number, month: number, day: number): string => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

/** The first instant of a London date (month 1–12; day 0 is the month before's last). */
const startOfLondonDay = (year: number, month: number, day: number): Date => new Date(endOfLondonDay(isoDay(year, month, day - 1)).getTime() + 1);

/** The calendar quarter starting in `month` (1, 4, 7 or 10) of `year`. */
function quarter(year: number, month: number): Quarter {
  return {
    from: startOfLondonDay(year, month, 1),
    to: startOfLondonDay(year, month + 3, 1),
    label: `${MONTHS[month - 1]} to ${MONTHS[month + 1]} ${year}`,
    firstDay: isoDay(year, month, 1),
    lastDay: isoDay(year, month + 3, 0),
  };
}

/** The last complete calendar quarter before `now`, and the one `now` is in. */
export function quartersAt(now: Date): { last: Quarter; current: Quarter } {
  const [year, month] = londonDate(now).split('-').map(Number) as [number, number];
  const first = month - ((month - 1) % 3);
  return { last: first === 1 ? quarter(year - 1, 10) : quarter(year, first - 3), current: quarter(year, first) };
}

const percentFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('en-GB');

export function figure(met: number, missed: number, targetPercent: number): Figure {
  const measured = met + missed;
  if (measured === 0) return { met, missed, measured, percentMet: null, targetMet: null, text: 'Not measured yet' };
  // Whole numbers throughout, so 97.5% of 200 is compared exactly: met / measured >= target / 100.
  const percentMet = Math.floor((met * 1000) / measured) / 10;
  const targetMet = met * 10_000 >= Math.round(targetPercent * 100) * measured;
  return { met, missed, measured, percentMet, targetMet, text: `${percentFormat.format(percentMet)}% met (${countFormat.format(met)} of ${countFormat.format(measured)})` };
}

interface Tally {
  standard_id: string;
  last_met: number | string | bigint;
  last_missed: number | string | bigint;
  current_met: number | string | bigint;
  current_missed: number | string | bigint;
}

async function tallies(db: Db, standardIds: string[], quarters: { last: Quarter; current: Quarter }): Promise<Tally[]> {
  if (!standardIds.length) return [];
  const { last, current } = quarters;
  return db
    .selectFrom('case_standard')
    .select((eb) => {
      const count = (outcome: 'met' | 'missed', q: Quarter) =>
        eb.fn.countAll<number | string | bigint>().filterWhere((w) => w.and([w('outcome', '=', outcome), w('stopped_at', '>=', q.from), w('stopped_at', '<', q.to)]));
      return ['standard_id', count('met', last).as('last_met'), count('missed', last).as('last_missed'), count('met', current).as('current_met'), count('missed', current).as('current_missed')];
    })
    .where('standard_id', 'in', standardIds)
    .where('outcome', 'in', ['met', 'missed'])
    .where('stopped_at', '>=', last.from)
    .where('stopped_at', '<', current.to)
    .groupBy('standard_id')
    .execute();
}

/** Each standard's figures for the last complete quarter and the quarter so far. */
export async function charterPerformance(db: Db, standards: readonly { id: string; targetPercent: number }[], now: Date): Promise<{ quarters: { last: Quarter; current: Quarter }; of: (standardId: string) => StandardFigures }> {
  const quarters = quartersAt(now);
  const rows = new Map((await tallies(db, standards.map((s) => s.id), quarters)).map((r) => [r.standard_id, r]));
  const targets = new Map(standards.map((s) => [s.id, s.targetPercent]));
  return {
    quarters,
    of: (standardId) => {
      const row = rows.get(standardId);
      const target = targets.get(standardId) ?? 100;
      return {
        lastQuarter: figure(Number(row?.last_met ?? 0), Number(row?.last_missed ?? 0), target),
        quarterSoFar: figure(Number(row?.current_met ?? 0), Number(row?.current_missed ?? 0), target),
      };
    },
  };
}
