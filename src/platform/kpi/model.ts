// The shape every key performance indicator (KPI) takes, whichever feature measures it. A feature
// exports KpiSources; the performance feature's registry lists them, applies the targets managers
// set, and every page, review, CSV and JSON feed reads a figure through the same `compute` call, so
// the same number appears everywhere. Nothing here knows a feature's tables.
import type { Db } from '../db/database.js';

/** What a figure counts in. Percentages are 0–100; money is pounds; a score is −1 to +1. */
export type KpiUnit = 'percent' | 'count' | 'days' | 'pounds' | 'score' | 'seconds';

/** Which way is better; `neither` for volumes (contacts by channel) that have no good direction. */
export type KpiDirection = 'higher' | 'lower' | 'neither';

/** The ways a figure may be broken down. `type` is the KPI's own kind (avoidable contact's type). */
export type Breakdown = 'service' | 'channel' | 'team' | 'advisor' | 'location' | 'type';

export const BREAKDOWN_NAMES: Record<Breakdown, string> = {
  service: 'Service',
  channel: 'Channel',
  team: 'Team',
  advisor: 'Advisor',
  location: 'Location',
  type: 'Type',
};

/** A half-open range of instants, [from, to). Periods (periods.ts) are ranges. */
export interface Range {
  from: Date;
  to: Date;
}

/**
 * One figure. `value` is null when there was nothing to measure ("No data for this period", never
 * 0%). `count` is how many records lie behind it (clocks stopped, contacts, cases); a share also
 * gives its numerator and denominator so readers see "190 of 200".
 */
export interface KpiFigure {
  value: number | null;
  count: number;
  numerator?: number;
  denominator?: number;
}

export interface KpiRow {
  /** Stable across periods: a service's id, a channel's code, '' for "none recorded". */
  key: string;
  label: string;
  figure: KpiFigure;
}

export interface KpiResult {
  total: KpiFigure;
  /** One row per group when a breakdown was asked for, in reading order; empty otherwise. */
  rows: KpiRow[];
}

/** A filter on the records behind a figure: one row of a breakdown. */
export interface RecordFilter {
  by: Breakdown;
  key: string;
}

/** One record behind a figure, linking to the page that shows it. */
export interface KpiRecord {
  /** The case reference, or the contact's date and channel. */
  reference: string;
  /** The case page, or for a contact its case or customer; null when it has neither. */
  href: string | null;
  /** When it counted (the clock stopped, the contact was received, the case closed), ISO. */
  at: string;
  /** Its service, and a word on how it counted ("Met", "Missed", "Resolved at first contact"). */
  service: string;
  detail: string;
}

export interface KpiRecords {
  /** What the rows are, for the page's heading: "cases" or "contacts". */
  kind: 'cases' | 'contacts';
  rows: KpiRecord[];
  /** All the records behind the figure, of which `rows` are the first `limit`. */
  total: number;
}

/** A target and RAG thresholds: green at or better than the target, red worse than `red`, amber between. */
export interface KpiTarget {
  target: number;
  /** Worse than this is red. Null: anything missing the target is red (no amber). */
  red: number | null;
}

export interface Kpi {
  /** Unique and stable: "contacts.fcr", "standard.<standard id>". Published reviews keep it. */
  code: string;
  name: string;
  /** A plain-words definition shown beside the figure: what is counted and how. */
  definition: string;
  unit: KpiUnit;
  direction: KpiDirection;
  /** The breakdowns `compute` accepts, in the order pages offer them. */
  breakdowns: readonly Breakdown[];
  /** The target a council starts with (a standard's own target; the national FCR target). */
  defaultTarget?: KpiTarget;
  /**
   * In the quarterly review, show the figure broken down by this over the last four quarters as a
   * stacked chart (contacts by channel: the channel mix over time).
   */
  trendBy?: Breakdown;
  /** The figure over `range`, and its rows when `by` is given. One SQL statement where it can be. */
  compute(db: Db, range: Range, by?: Breakdown): Promise<KpiResult>;
  /** The cases or contacts behind the figure (optionally one row of a breakdown), newest first. */
  records?(db: Db, range: Range, options: { filter?: RecordFilter; limit: number }): Promise<KpiRecords>;
}

/** A review section and the KPIs in it. A feature exports one or more of these. */
export interface KpiSource {
  section: {
    /** "standards", "contacts", "cost", "cases", "complaints", "insight", "telephony", "appointments"… */
    code: string;
    title: string;
    /** Where the section sits in the dashboard and the review: lower first. */
    order: number;
  };
  /** The KPIs now: a source may list one per published standard, so it is asked each time. */
  kpis(db: Db): Promise<readonly Kpi[]>;
  /**
   * Optional: the totals of many of its KPIs over many ranges at once (one statement where it can
   * be), for a source with many KPIs (one per standard) that would otherwise cost a statement per
   * KPI per period. Keyed by KPI code, one figure per range in the order given; a KPI left out is
   * computed one period at a time. It must give exactly what each KPI's `compute` gives: the
   * simplest way is for `compute` to call it.
   */
  totals?(db: Db, kpis: readonly Kpi[], ranges: readonly Range[]): Promise<Map<string, KpiFigure[]>>;
}

export type Rag = 'green' | 'amber' | 'red';

/**
 * Red, amber or green for a value against a target, or null when there is no value, no target or no
 * better direction. Higher is better: green at or above the target, red below `red`.
 */
export function ragOf(value: number | null, direction: KpiDirection, target: KpiTarget | null | undefined): Rag | null {
  if (value === null || !target || direction === 'neither') return null;
  const better = (a: number, b: number) => (direction === 'higher' ? a >= b : a <= b);
  if (better(value, target.target)) return 'green';
  if (target.red === null || !better(value, target.red)) return 'red';
  return 'amber';
}

/** A share as a percentage with one decimal place, rounded down (so 100% means every one); null of none. */
export function percentOf(part: number, whole: number): KpiFigure {
  if (!whole) return { value: null, count: 0, numerator: part, denominator: whole };
  return { value: Math.floor((part * 1000) / whole) / 10, count: whole, numerator: part, denominator: whole };
}

/** A count as a figure: zero is a real answer for a count ("no cases were raised"). */
export const countOf = (n: number): KpiFigure => ({ value: n, count: n });

const percentFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('en-GB');
const poundFormat = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const decimalFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const scoreFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** A value as readers see it: "79.5%", "1,204", "£2,830.00", "4.5 days", "+0.42", "29 seconds". */
export function formatValue(value: number | null, unit: KpiUnit): string {
  if (value === null) return 'No data for this period';
  switch (unit) {
    case 'percent':
      return `${percentFormat.format(value)}%`;
    case 'count':
      return countFormat.format(value);
    case 'pounds':
      return poundFormat.format(value);
    case 'days':
      return `${decimalFormat.format(value)} ${value === 1 ? 'day' : 'days'}`;
    case 'seconds':
      return `${decimalFormat.format(value)} ${value === 1 ? 'second' : 'seconds'}`;
    case 'score':
      return scoreFormat.format(value);
  }
}

/** A figure with its base: "95% (190 of 200)", "1,204", or "No data for this period". */
export function formatFigure(figure: KpiFigure, unit: KpiUnit): string {
  const value = formatValue(figure.value, unit);
  if (figure.value === null || figure.numerator === undefined || figure.denominator === undefined) return value;
  return `${value} (${countFormat.format(figure.numerator)} of ${countFormat.format(figure.denominator)})`;
}

/**
 * A source's `totals` that asks every one of its KPIs for every range at once. For sources whose
 * KPIs share a read while it runs (contacts' counts: six KPIs rest on one count per period), so a
 * review reads each period's counts once rather than once per KPI.
 */
export async function totalsAtOnce(db: Db, kpis: readonly Kpi[], ranges: readonly Range[]): Promise<Map<string, KpiFigure[]>> {
  return new Map(await Promise.all(kpis.map(async (kpi) => [kpi.code, await Promise.all(ranges.map(async (r) => (await kpi.compute(db, r)).total))] as const)));
}
