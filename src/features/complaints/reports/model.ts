// The statutory complaints reports as data: each figure is a named measure over the complaints of a
// period, so the same definition gives the number on the page, its line in the CSV and the list of
// complaints behind it (the drill-down). Pure: the facts come from store.ts, the working days from
// the council's calendar in service.ts.
import { DECISIONS, DECISION_NAMES, REPORTS, type Decision, type ReportKind } from '../model.js';
import { isSupportedDate } from '../../../platform/web/date-input.js';
import type { LocalDate } from '../../../time/index.js';

export { REPORTS, type ReportKind };

// ---- periods

export interface Period {
  from: LocalDate;
  /** The last day, included. */
  to: LocalDate;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The calendar quarter holding `day`, `offset` quarters on (−1: the one before). */
export function quarterOf(day: LocalDate, offset = 0): Period {
  const index = Number(day.slice(0, 4)) * 4 + Math.floor((Number(day.slice(5, 7)) - 1) / 3) + offset;
  const year = Math.floor(index / 4);
  const start = (index % 4) * 3 + 1;
  return { from: `${year}-${pad(start)}-01`, to: `${year}-${pad(start + 2)}-${pad(lastDayOf(year, start + 2))}` };
}

/** The last whole financial year (April to March) before the one holding `day`. */
export function lastFinancialYear(day: LocalDate): Period {
  const year = Number(day.slice(0, 4));
  const startsThisYear = Number(day.slice(5, 7)) >= 4;
  const first = startsThisYear ? year - 1 : year - 2;
  return { from: `${first}-04-01`, to: `${first + 1}-03-31` };
}

export const QUICK_PERIODS = ['this-quarter', 'last-quarter', 'last-year'] as const;
export type QuickPeriod = (typeof QUICK_PERIODS)[number];
export const QUICK_PERIOD_NAMES: Record<QuickPeriod, string> = { 'this-quarter': 'This quarter', 'last-quarter': 'Last quarter', 'last-year': 'Last financial year (April to March)' };

export function quickPeriod(choice: QuickPeriod, today: LocalDate): Period {
  if (choice === 'this-quarter') return quarterOf(today);
  if (choice === 'last-quarter') return quarterOf(today, -1);
  return lastFinancialYear(today);
}

/** "2026-04-01" or "1/4/2026" as a date; undefined when it is not a real one. */
export function parseDay(text: string): LocalDate | undefined {
  const value = text.trim();
  if (isSupportedDate(value)) return value;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!match) return undefined;
  const date = `${match[3]}-${pad(Number(match[2]))}-${pad(Number(match[1]))}`;
  return isSupportedDate(date) ? date : undefined;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; issues: { field: 'from' | 'to'; text: string }[] };

/** The period asked for: a quick choice, or from and to as typed; this quarter when nothing is given. */
export function readPeriod(query: { period?: string; from?: string; to?: string }, today: LocalDate): PeriodResult {
  if ((QUICK_PERIODS as readonly string[]).includes(query.period ?? '')) return { ok: true, period: quickPeriod(query.period as QuickPeriod, today) };
  const fromText = (query.from ?? '').trim();
  const toText = (query.to ?? '').trim();
  if (!fromText && !toText) return { ok: true, period: quarterOf(today) };
  const from = parseDay(fromText);
  const to = parseDay(toText);
  const issues: { field: 'from' | 'to'; text: string }[] = [];
  if (!from) issues.push({ field: 'from', text: fromText ? 'Start date must be a real date, like 2026-04-01' : 'Enter the start date' });
  if (!to) issues.push({ field: 'to', text: toText ? 'End date must be a real date, like 2027-03-31' : 'Enter the end date' });
  if (from && to && from > to) issues.push({ field: 'to', text: 'End date must be the same as or after the start date' });
  if (from && to && Date.parse(to) - Date.parse(from) > 5 * 366 * 86_400_000) issues.push({ field: 'to', text: 'A report can cover 5 years at most' });
  return issues.length || !from || !to ? { ok: false, issues } : { ok: true, period: { from, to } };
}

/** The quarters a period touches, each cut to the period (Wales reports by quarter). */
export function quartersIn(period: Period): Period[] {
  const quarters: Period[] = [];
  for (let q = quarterOf(period.from); q.from <= period.to; q = quarterOf(q.from, 1)) {
    quarters.push({ from: q.from < period.from ? period.from : q.from, to: q.to > period.to ? period.to : q.to });
  }
  return quarters;
}

// ---- facts: one complaint, as the reports need it

/** How a stage's responses are grouped: stage 1, stage 2 started directly, stage 2 after escalation. */
export const STAGE_GROUPS = ['s1', 'direct', 'escalated'] as const;
export type StageGroup = (typeof STAGE_GROUPS)[number];

export type Outcome = 'met' | 'missed' | null;

export interface ResponseFact {
  stage: 1 | 2;
  group: StageGroup;
  decision: Decision;
  /** When the stage started (receipt, escalation or direct start). */
  startedAt: Date;
  respondedAt: Date;
  /** Working days from the stage's start to the response, on the council's calendar. */
  workingDays: number;
  learning: string;
  /** An extension was authorised on one of the stage's clocks. */
  extended: boolean;
  /** The stage's acknowledgement and response standards: met or missed (null: not measured, or void). */
  acknowledgement: Outcome;
  response: Outcome;
}

export interface StageFact {
  stage: 1 | 2;
  startedAt: Date;
  startedHow: 'received' | 'escalated_by_resident' | 'escalated_by_staff' | 'direct';
}

export interface ReferralFact {
  enquiryOn: string;
  decision: string | null;
  decidedOn: string | null;
}

export interface ComplaintFact {
  caseId: string;
  reference: string;
  receivedAt: Date;
  /** The service it is about, by name; null when not linked to one. */
  service: string | null;
  /** That service's id (the performance KPIs break complaints down by it); null when not linked. */
  serviceId: string | null;
  stages: StageFact[];
  responses: ResponseFact[];
  referrals: ReferralFact[];
}

/** A period as instants: from the start of its first London day to the start of the day after its last. */
export interface Window {
  from: Date;
  to: Date;
  period: Period;
}

// ---- measures

/** One row behind a figure: a complaint, and the response, stage or referral counted. */
export interface Item {
  fact: ComplaintFact;
  stage: 1 | 2 | null;
  response?: ResponseFact;
  /** What was counted when it is not a response: "Stage 2 started (direct)". Words for a response are made only when listed (describe). */
  note?: string;
}

/** What was counted, in words: "Stage 1 response, partly upheld, 4 working days". */
export const describe = (item: Item): string => (item.response ? responseNote(item.response) : (item.note ?? ''));

export interface Measure {
  label: string;
  items(facts: readonly ComplaintFact[], w: Window): Item[];
  /** A share of this other measure's items (a percentage beside the number). */
  of?: string;
  /** Shown as the average working days of its items, not as a count. */
  average?: boolean;
  /** Shown per 1,000 population. */
  perThousand?: boolean;
}

const inWindow = (at: Date, w: Window) => at.getTime() >= w.from.getTime() && at.getTime() < w.to.getTime();
const dayInPeriod = (day: string | null, w: Window) => day !== null && day >= w.period.from && day <= w.period.to;
const GROUP_NAMES: Record<StageGroup, string> = { s1: 'stage 1', direct: 'stage 2 (direct)', escalated: 'stage 2 (after escalation)' };
export const STAGE_GROUP_NAMES = GROUP_NAMES;

const responseNote = (r: ResponseFact) => `Stage ${r.stage} response${r.group === 'direct' ? ' (direct)' : r.group === 'escalated' ? ' (escalated)' : ''}, ${DECISION_NAMES[r.decision].toLowerCase()}, ${r.workingDays} working day${r.workingDays === 1 ? '' : 's'}${r.extended ? ', extended' : ''}`;

// The responses of a window, found once per set of facts and window: most figures count responses.
const windowResponses = new WeakMap<readonly ComplaintFact[], Map<string, Item[]>>();
function responsesIn(facts: readonly ComplaintFact[], w: Window): Item[] {
  let byWindow = windowResponses.get(facts);
  if (!byWindow) windowResponses.set(facts, (byWindow = new Map<string, Item[]>()));
  const key = `${w.from.getTime()}/${w.to.getTime()}`;
  let list = byWindow.get(key);
  if (!list) {
    list = [];
    for (const fact of facts) for (const r of fact.responses) if (inWindow(r.respondedAt, w)) list.push({ fact, stage: r.stage, response: r });
    byWindow.set(key, list);
  }
  return list;
}

/** Responses made in the window that pass `keep`. */
function responses(keep: (r: ResponseFact) => boolean) {
  return (facts: readonly ComplaintFact[], w: Window): Item[] => responsesIn(facts, w).filter((item) => keep(item.response!));
}

/** Stages started in the window that pass `keep`. */
function stagesStarted(keep: (s: StageFact) => boolean) {
  return (facts: readonly ComplaintFact[], w: Window): Item[] =>
    facts.flatMap((fact) => fact.stages.filter((s) => inWindow(s.startedAt, w) && keep(s)).map((s) => ({ fact, stage: s.stage, note: `Stage ${s.stage} started (${s.startedHow.replace(/_/g, ' ')})` })));
}

const received = (facts: readonly ComplaintFact[], w: Window): Item[] =>
  facts.filter((f) => inWindow(f.receivedAt, w)).map((fact) => ({ fact, stage: null, note: 'Complaint received' }));

const stageOf = (group: 's1' | 's2') => (r: ResponseFact) => (group === 's1' ? r.stage === 1 : r.stage === 2);

/** Every measure a report may show, by key; the drill-down finds a figure's complaints by the same key. */
export function measures(targets: { s1: number; s2: number; wales: number }): Record<string, Measure> {
  const m: Record<string, Measure> = {
    received: { label: 'Complaints received', items: received },
    'received.per1000': { label: 'Complaints received per 1,000 population', items: received, perThousand: true },
    'received.s1': { label: 'Complaints received at stage 1', items: stagesStarted((s) => s.stage === 1) },
    'received.s2': { label: 'Complaints received at stage 2 (direct or escalated)', items: stagesStarted((s) => s.stage === 2) },
    'closed.all': { label: 'Complaints closed (responses at either stage)', items: responses(() => true) },
    'closed.s2': { label: 'Closed at stage 2', items: responses(stageOf('s2')), of: 'closed.all' },
    learning: { label: 'Responses with learning recorded', items: responses((r) => r.learning.trim() !== '') },
    'upheld.any': { label: 'Upheld or partly upheld', items: responses((r) => r.decision === 'upheld' || r.decision === 'partly_upheld'), of: 'closed.all' },
    'within.wales': { label: `Closed within ${targets.wales} working days`, items: responses((r) => r.workingDays <= targets.wales), of: 'closed.all' },
    'ombudsman.enquiries': {
      label: 'Ombudsman enquiries received',
      items: (facts, w) => facts.flatMap((fact) => fact.referrals.filter((r) => dayInPeriod(r.enquiryOn, w)).map((r) => ({ fact, stage: null, note: `Enquiry received ${r.enquiryOn}` }))),
    },
  };
  for (const group of STAGE_GROUPS) {
    const ofGroup = (r: ResponseFact) => r.group === group;
    const target = group === 's1' ? targets.s1 : targets.s2;
    m[`closed.${group}`] = { label: `Closed at ${GROUP_NAMES[group]}`, items: responses(ofGroup), of: 'closed.all' };
    m[`days.${group}`] = { label: `Average working days to respond at ${GROUP_NAMES[group]}`, items: responses(ofGroup), average: true };
    m[`within.${group}`] = { label: `Closed at ${GROUP_NAMES[group]} within ${target} working days`, items: responses((r) => ofGroup(r) && r.workingDays <= target), of: `closed.${group}` };
  }
  for (const stage of ['s1', 's2'] as const) {
    const name = stage === 's1' ? 'stage 1' : 'stage 2';
    for (const decision of DECISIONS) {
      m[`outcome.${stage}.${decision}`] = { label: `${DECISION_NAMES[decision]} at ${name}`, items: responses((r) => stageOf(stage)(r) && r.decision === decision), of: `closed.${stage}` };
    }
    m[`extended.${stage}`] = { label: `Responses at ${name} with an authorised extension`, items: responses((r) => stageOf(stage)(r) && r.extended), of: `closed.${stage}` };
    for (const kind of ['acknowledgement', 'response'] as const) {
      m[`${kind}.measured.${stage}`] = { label: `Responses at ${name} whose ${kind} was measured`, items: responses((r) => stageOf(stage)(r) && r[kind] !== null) };
      m[`${kind}.met.${stage}`] = { label: `${kind === 'acknowledgement' ? 'Acknowledged' : 'Responded to'} within the Code’s timescale at ${name}`, items: responses((r) => stageOf(stage)(r) && r[kind] === 'met'), of: `${kind}.measured.${stage}` };
    }
  }
  for (const decision of ['not_investigated', 'upheld', 'partly_upheld', 'not_upheld', 'settled']) {
    m[`ombudsman.decided.${decision}`] = {
      label: `Ombudsman decisions: ${decision.replace(/_/g, ' ')}`,
      items: (facts, w) => facts.flatMap((fact) => fact.referrals.filter((r) => r.decision === decision && dayInPeriod(r.decidedOn, w)).map((r) => ({ fact, stage: null, note: `Ombudsman decision ${r.decidedOn}: ${decision.replace(/_/g, ' ')}` }))),
    };
  }
  return m;
}

// ---- figures

export interface Figure {
  key: string;
  label: string;
  /** The number shown: a count, an average or a rate; null when it cannot be worked out (no population, nothing to average). */
  value: number | null;
  /** How many complaints (or responses) lie behind it: the drill-down's length. */
  count: number;
  /** Its share of `of`, 0–100 with one decimal; null when `of` is empty; undefined when not a share. */
  percent?: number | null;
  kind: 'count' | 'average' | 'rate';
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/**
 * A figure of the facts in a window. `cache` keeps each measure's items for the window, so a share's
 * whole ("closed at stage 1" for each outcome) is counted once however many figures use it.
 */
export function figure(all: Record<string, Measure>, key: string, facts: readonly ComplaintFact[], w: Window, population: number | null, cache = new Map<string, Item[]>()): Figure {
  const measure = all[key];
  if (!measure) throw new Error(`no measure ${key}`);
  let items = cache.get(key);
  if (!items) {
    items = measure.items(facts, w);
    cache.set(key, items);
  }
  const count = items.length;
  if (measure.average) {
    const value = count ? oneDecimal(items.reduce((sum, i) => sum + (i.response?.workingDays ?? 0), 0) / count) : null;
    return { key, label: measure.label, value, count, kind: 'average' };
  }
  if (measure.perThousand) return { key, label: measure.label, value: population ? Math.round((count / population) * 1000 * 100) / 100 : null, count, kind: 'rate' };
  const result: Figure = { key, label: measure.label, value: count, count, kind: 'count' };
  if (measure.of) {
    const whole = figure(all, measure.of, facts, w, population, cache).count;
    result.percent = whole ? oneDecimal((count / whole) * 100) : null;
  }
  return result;
}

/** "12.5%", or "–" for a share of nothing. */
export const percentText = (p: number | null | undefined): string => (p === null || p === undefined ? '–' : `${p}%`);
