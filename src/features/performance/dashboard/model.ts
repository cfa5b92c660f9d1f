// The dashboard's pure rules: which period a query asks for (and the words when it asks for a
// bad one), how a target and a change between periods read, and the target form's checks. No I/O.
import {
  BREAKDOWN_NAMES, formatValue, parsePeriod, periodAt, periodsEndingWith, type Breakdown, type Kpi, type KpiDirection, type KpiTarget, type KpiUnit, type Period,
  type PeriodKind, type Rag,
} from '../../../platform/kpi/index.js';
import type { FormErrors } from '../../../platform/web/forms.js';

// ---- periods

export type PeriodChoice = { ok: true; period: Period } | { ok: false; message: string };

/** Figures before this year are not CharterDesk's (and Date.UTC reads years below 100 as 19xx). */
const EARLIEST_YEAR = 2000;

export const PERIOD_HINT = 'a quarter like 2026-Q4, a month like 2026-10 or a financial year like 2026-27';

/** The period a query names; the quarter `now` is in when it names none. */
export function choosePeriod(raw: string | undefined, now: Date): PeriodChoice {
  const key = (raw ?? '').trim();
  if (!key) return { ok: true, period: periodAt('quarter', now) };
  // The year first: the calendar arithmetic behind a period is not asked about the Middle Ages.
  const year = /^(\d{4})-/.exec(key)?.[1];
  if (year && Number(year) < EARLIEST_YEAR) return { ok: false, message: `Choose a period from ${EARLIEST_YEAR} onwards` };
  const period = safeParse(key);
  if (!period) return { ok: false, message: `Choose a period from the list, or give ${PERIOD_HINT}` };
  if (period.from.getTime() > now.getTime()) return { ok: false, message: `Choose a period that has started: ${period.label} has not begun yet` };
  return { ok: true, period };
}

/** parsePeriod, but a key its calendar cannot reckon with (a year past 2100) is a bad key, not a crash. */
function safeParse(key: string): Period | null {
  try {
    return parsePeriod(key);
  } catch {
    return null;
  }
}

const KIND_GROUPS: { kind: PeriodKind; label: string; count: number }[] = [
  { kind: 'quarter', label: 'Quarters', count: 8 },
  { kind: 'month', label: 'Months', count: 13 },
  { kind: 'year', label: 'Financial years', count: 4 },
];

export interface PeriodOptionGroup {
  label: string;
  options: { value: string; text: string; selected: boolean }[];
}

/** The chooser's options: recent quarters, months and financial years, newest first, with the chosen one always among them. */
export function periodOptions(chosen: Period | null, now: Date): PeriodOptionGroup[] {
  return KIND_GROUPS.map(({ kind, label, count }) => {
    const periods = periodsEndingWith(periodAt(kind, now), count).reverse();
    if (chosen?.kind === kind && !periods.some((p) => p.key === chosen.key)) periods.push(chosen);
    return { label, options: periods.map((p) => ({ value: p.key, text: periodText(p), selected: p.key === chosen?.key })) };
  });
}

const KIND_WORDS: Record<PeriodKind, string> = { month: '', quarter: 'Quarter: ', year: 'Financial year: ' };
const periodText = (p: Period) => `${KIND_WORDS[p.kind]}${p.label}`;

/** "the previous quarter", for column headings. */
export const PREVIOUS_WORDS: Record<PeriodKind, string> = { month: 'Previous month', quarter: 'Previous quarter', year: 'Previous year' };
export const PLURAL_WORDS: Record<PeriodKind, string> = { month: 'months', quarter: 'quarters', year: 'years' };

// ---- how figures read

/** "95% or more (red below 90%)", "5 days or less", "No target". */
export function targetText(target: KpiTarget | null, unit: KpiUnit, direction: KpiDirection): string {
  const { main, red } = targetParts(target, unit, direction);
  return red ? `${main} (${red})` : main;
}

/** The target in two parts for a narrow column: "95% or more" and "red below 90%" (null when there is no red threshold). */
export function targetParts(target: KpiTarget | null, unit: KpiUnit, direction: KpiDirection): { main: string; red: string | null } {
  if (!target || direction === 'neither') return { main: 'No target', red: null };
  return {
    main: `${formatValue(target.target, unit)} or ${direction === 'higher' ? 'more' : 'less'}`,
    red: target.red === null ? null : `red ${direction === 'higher' ? 'below' : 'above'} ${formatValue(target.red, unit)}`,
  };
}

export const RAG_WORDS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
export const RAG_CLASSES: Record<Rag, string> = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' };

const DECIMALS: Record<KpiUnit, number> = { percent: 1, count: 0, days: 1, pounds: 2, score: 2, seconds: 1 };

/** How much the figure moved since the previous period, in words: "Up 2.5 points (better)", "No change". */
export function changeText(current: number | null, previous: number | null, unit: KpiUnit, direction: KpiDirection): string {
  if (current === null || previous === null) return 'No comparison';
  const scale = 10 ** DECIMALS[unit];
  const diff = Math.round((current - previous) * scale) / scale;
  if (diff === 0) return 'No change';
  const size = Math.abs(diff);
  const amount = unit === 'percent' ? `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(size)} ${size === 1 ? 'point' : 'points'}` : unit === 'score' ? size.toFixed(2) : formatValue(size, unit);
  const verdict = direction === 'neither' ? '' : (diff > 0) === (direction === 'higher') ? ' (better)' : ' (worse)';
  return `${diff > 0 ? 'Up' : 'Down'} ${amount}${verdict}`;
}

// ---- breakdowns

export type BreakdownChoice = { ok: true; by: Breakdown | null } | { ok: false; message: string };

/**
 * The breakdown a query asks for: one the KPI offers; when none is named, by service if it offers
 * that (managers drill from a figure to the services behind it), else its first; null when it offers none.
 */
export function chooseBreakdown(kpi: Pick<Kpi, 'breakdowns'>, raw: string | undefined): BreakdownChoice {
  const by = (raw ?? '').trim();
  if (!by) return { ok: true, by: kpi.breakdowns.includes('service') ? 'service' : (kpi.breakdowns[0] ?? null) };
  if ((kpi.breakdowns as readonly string[]).includes(by)) return { ok: true, by: by as Breakdown };
  const offered = kpi.breakdowns.map((b) => BREAKDOWN_NAMES[b].toLowerCase());
  return { ok: false, message: offered.length ? `Choose a breakdown from the list (${offered.join(', ')})` : 'This measure has no breakdowns' };
}

// ---- the target form

export interface TargetFormValues {
  choice: string;
  target: string;
  red: string;
}

const UNIT_WORDS: Record<KpiUnit, string> = { percent: 'a percentage', count: 'a number', days: 'a number of days', pounds: 'an amount in pounds', score: 'a score', seconds: 'a number of seconds' };
const RANGES: Record<KpiUnit, { min: number; max: number; words: string }> = {
  percent: { min: 0, max: 100, words: 'between 0 and 100' },
  count: { min: 0, max: 1e9, words: '0 or more' },
  days: { min: 0, max: 3650, words: 'between 0 and 3650' },
  pounds: { min: 0, max: 1e9, words: '0 or more' },
  score: { min: -1, max: 1, words: 'between -1 and 1' },
  seconds: { min: 0, max: 86400, words: 'between 0 and 86400' },
};

/** The field's unit in the label's hint: "%", "days". */
export const UNIT_SUFFIX: Record<KpiUnit, string> = { percent: '%', count: '', days: 'days', pounds: '', score: '', seconds: 'seconds' };
export const UNIT_PREFIX: Record<KpiUnit, string> = { percent: '', count: '', days: '', pounds: '£', score: '', seconds: '' };

/** A number as a manager types it: "95", "95.5", "95%", "£3.20", "1,200". */
function amountOf(text: string, unit: KpiUnit): number | null {
  let t = text.trim().replace(/,/g, '').replace(/\s+/g, '');
  if (unit === 'percent') t = t.replace(/%$/, '');
  if (unit === 'pounds') t = t.replace(/^£/, '');
  if (unit === 'days') t = t.replace(/days?$/i, '');
  if (unit === 'seconds') t = t.replace(/(seconds?|s)$/i, '');
  t = t.replace(/^\u2212/, '-');
  if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

/** The number a field holds, or what is wrong with it. */
function readAmount(text: string, unit: KpiUnit, subject: string): { value: number } | { error: string } {
  if (!text.trim()) return { error: `Enter the ${subject}` };
  const value = amountOf(text, unit);
  if (value === null) return { error: `The ${subject} must be ${UNIT_WORDS[unit]}, like ${example(unit)}` };
  const range = RANGES[unit];
  if (value < range.min || value > range.max) return { error: `The ${subject} must be ${range.words}` };
  return { value };
}

const example = (unit: KpiUnit) => ({ percent: '95', count: '100', days: '5', pounds: '3.50', score: '0.5', seconds: '30' })[unit];

export type TargetFormResult = { ok: true; target: KpiTarget | null } | { ok: false; errors: FormErrors };

/**
 * A target the form asks for: null for "use the default target", else the target and an optional
 * red threshold, which must be worse than the target (lower when higher is better).
 */
export function readTargetForm(values: TargetFormValues, kpi: Pick<Kpi, 'unit' | 'direction'>): TargetFormResult {
  const errors: FormErrors = { summary: [], fields: {} };
  const add = (field: string, text: string) => {
    errors.fields[field] = { text };
    errors.summary.push({ text, href: `#${field}` });
  };
  if (values.choice === 'default') return { ok: true, target: null };
  if (values.choice !== 'own') {
    add('choice', 'Select whether to use the default target or set your own');
    return { ok: false, errors };
  }
  const target = readAmount(values.target, kpi.unit, 'target');
  if ('error' in target) add('target', target.error);
  let red: number | null = null;
  if (values.red.trim()) {
    const read = readAmount(values.red, kpi.unit, 'red threshold');
    if ('error' in read) add('red', read.error);
    else red = read.value;
  }
  if ('value' in target && red !== null && !errors.fields.red) {
    const worse = kpi.direction === 'higher' ? red < target.value : red > target.value;
    if (!worse) {
      add('red', kpi.direction === 'higher'
        ? `The red threshold must be lower than the target (${formatValue(target.value, kpi.unit)}), because higher is better for this measure`
        : `The red threshold must be higher than the target (${formatValue(target.value, kpi.unit)}), because lower is better for this measure`);
    }
  }
  if (errors.summary.length || !('value' in target)) return { ok: false, errors };
  return { ok: true, target: { target: target.value, red } };
}

/** A number as the form shows it again: 95.5, not 95.50000001. */
export const fieldValue = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(Math.round(n * 100) / 100));
