// The statutory complaints reports: which figures each report shows (data, per report, not per
// nation in code), worked out from the complaints of a period with the council's calendar and
// population, the complaints behind any figure, the CSV, and England's self-assessment.
import { z } from 'zod';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { csvRow, CSV_BOM } from '../../../platform/web/csv.js';
import { londonDate, workingDaysBetween } from '../../../time/index.js';
import { londonInstant, nextDate } from '../../calendar/model.js';
import { getWorkingCalendar } from '../../calendar/service.js';
import { findCouncil } from '../../council/service.js';
import { getComplaintSetup } from '../service.js';
import { REPORT_NAMES, type ReportKind } from '../model.js';
import { describe, figure, measures, percentText, quartersIn, type ComplaintFact, type Figure, type Item, type Measure, type Period, type Window } from './model.js';
import * as store from './store.js';

export type { SelfAssessmentItem } from './store.js';

export interface Section {
  title: string;
  /** The period its figures cover, when not the whole report's (Wales: each quarter). */
  period: Period;
  figures: Figure[];
}

export interface LearningLine {
  reference: string;
  stage: 1 | 2;
  service: string;
  learning: string;
  respondedAt: Date;
}

export interface Report {
  kind: ReportKind;
  title: string;
  period: Period;
  population: number | null;
  sections: Section[];
  learning: LearningLine[];
  /** England: the self-assessment against the Complaint Handling Code. */
  selfAssessment?: store.SelfAssessmentItem[];
}

interface ReportDefinition {
  /** Working days a response is measured against for the "closed within" figures. */
  targets: { s1: number; s2: number; wales: number };
  /** Sections of measure keys; `byQuarter`: repeated for each quarter of the period. */
  sections: { title: string; keys: string[] }[];
  byQuarter?: boolean;
  selfAssessment?: boolean;
}

const OUTCOMES = (stage: 's1' | 's2') => ['upheld', 'partly_upheld', 'not_upheld', 'resolved'].map((d) => `outcome.${stage}.${d}`);

// The SPSO's indicators; NIPSO asks for the same figures of Northern Ireland's councils.
const INDICATORS: ReportDefinition = {
  targets: { s1: 5, s2: 20, wales: 20 },
  sections: [
    { title: 'Complaints received', keys: ['received', 'received.per1000'] },
    { title: 'Complaints closed at each stage', keys: ['closed.s1', 'closed.direct', 'closed.escalated', 'closed.all'] },
    { title: 'Outcomes at stage 1', keys: OUTCOMES('s1') },
    { title: 'Outcomes at stage 2', keys: OUTCOMES('s2') },
    { title: 'Average time to respond', keys: ['days.s1', 'days.direct', 'days.escalated'] },
    { title: 'Closed within the timescales', keys: ['within.s1', 'within.direct', 'within.escalated'] },
    { title: 'Extensions', keys: ['extended.s1', 'extended.s2'] },
    { title: 'Learning from complaints', keys: ['learning'] },
  ],
};

export const REPORT_DEFINITIONS: Record<ReportKind, ReportDefinition> = {
  spso: INDICATORS,
  nipso: INDICATORS,
  england: {
    targets: { s1: 10, s2: 20, wales: 20 },
    selfAssessment: true,
    sections: [
      { title: 'Complaints received', keys: ['received.s1', 'received.s2'] },
      { title: 'Responses', keys: ['closed.s1', 'closed.s2'] },
      { title: 'Within the Code’s timescales', keys: ['acknowledgement.met.s1', 'response.met.s1', 'acknowledgement.met.s2', 'response.met.s2'] },
      { title: 'Outcomes at stage 1', keys: OUTCOMES('s1') },
      { title: 'Outcomes at stage 2', keys: OUTCOMES('s2') },
      { title: 'Extensions', keys: ['extended.s1', 'extended.s2'] },
      { title: 'Ombudsman referrals and decisions', keys: ['ombudsman.enquiries', ...['not_investigated', 'upheld', 'partly_upheld', 'not_upheld', 'settled'].map((d) => `ombudsman.decided.${d}`)] },
      { title: 'Learning and service improvements', keys: ['learning'] },
    ],
  },
  wales: {
    targets: { s1: 10, s2: 20, wales: 20 },
    byQuarter: true,
    sections: [{ title: 'Quarter', keys: ['received', 'received.per1000', 'closed.all', 'within.wales', 'upheld.any'] }],
  },
};

/** The measures a report may be drilled into. */
export function reportMeasures(kind: ReportKind): Record<string, Measure> {
  return measures(REPORT_DEFINITIONS[kind].targets);
}

export function windowOf(period: Period): Window {
  return { from: londonInstant(period.from, '00:00'), to: londonInstant(nextDate(period.to), '00:00'), period };
}

/** The report the council's adopted procedure reports in (England's until one is adopted). */
export async function adoptedReport(db: Db): Promise<ReportKind> {
  return (await getComplaintSetup(db))?.procedure.definition.report ?? 'england';
}

/** The facts of a window with each response's working days counted on the council's calendar. */
async function factsOf(db: Db, w: Window): Promise<ComplaintFact[]> {
  const [{ facts }, working] = await Promise.all([store.selectFacts(db, w), getWorkingCalendar(db)]);
  for (const fact of facts) for (const r of fact.responses) r.workingDays = Math.max(0, workingDaysBetween(working.calendar, r.startedAt, r.respondedAt));
  return facts;
}

const quarterTitle = (q: Period) => `${longDay(q.from)} to ${longDay(q.to)}`;
const longDay = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export async function buildReport(db: Db, kind: ReportKind, period: Period): Promise<Report> {
  const definition = REPORT_DEFINITIONS[kind];
  const all = measures(definition.targets);
  const w = windowOf(period);
  const [facts, council, selfAssessment] = await Promise.all([factsOf(db, w), findCouncil(db), definition.selfAssessment ? store.selectSelfAssessment(db) : undefined]);
  const population = council?.population ?? null;
  const sections: Section[] = [];
  const periods = definition.byQuarter ? quartersIn(period) : [period];
  for (const p of periods) {
    const pw = windowOf(p);
    const cache = new Map<string, Item[]>();
    for (const s of definition.sections) sections.push({ title: definition.byQuarter ? quarterTitle(p) : s.title, period: p, figures: s.keys.map((key) => figure(all, key, facts, pw, population, cache)) });
  }
  const learning = facts
    .flatMap((f) => f.responses.filter((r) => r.respondedAt >= w.from && r.respondedAt < w.to && r.learning.trim()).map((r) => ({ reference: f.reference, stage: r.stage, service: f.service ?? 'Not linked to a service', learning: r.learning.trim(), respondedAt: r.respondedAt })))
    .sort((a, b) => a.service.localeCompare(b.service) || a.respondedAt.getTime() - b.respondedAt.getTime());
  return {
    kind,
    title: REPORT_NAMES[kind],
    period,
    population,
    sections,
    learning,
    ...(selfAssessment && { selfAssessment }),
  };
}

/**
 * The complaints (or responses) counted by report measures over a range of instants, for the
 * performance KPIs (complaints/kpis.ts): the same facts and the same measure functions as the
 * reports, so a KPI and the statutory report count one rule. Keys that are not measures are left out.
 */
export async function measureItems(db: Db, keys: readonly string[], range: { from: Date; to: Date }): Promise<Record<string, Item[]>> {
  const period: Period = { from: londonDate(range.from), to: londonDate(new Date(range.to.getTime() - 1)) };
  const w: Window = { from: range.from, to: range.to, period };
  const all = measures(REPORT_DEFINITIONS.england.targets);
  const facts = await factsOf(db, w);
  return Object.fromEntries(keys.filter((k) => Object.hasOwn(all, k)).map((k) => [k, all[k]!.items(facts, w)]));
}

export class UnknownMeasure extends Error {}

/** The complaints counted in one figure of a report. */
export async function drillDown(db: Db, kind: ReportKind, key: string, period: Period): Promise<{ label: string; items: (Item & { note: string })[] }> {
  const measure = Object.hasOwn(reportMeasures(kind), key) ? reportMeasures(kind)[key] : undefined;
  if (!measure) throw new UnknownMeasure(key);
  const w = windowOf(period);
  const items = measure.items(await factsOf(db, w), w).map((item) => ({ ...item, note: describe(item) }));
  return { label: measure.label, items };
}

// ---- CSV

const valueText = (f: Figure) => (f.value === null ? '' : f.value);

/** The report as a spreadsheet: one line a figure, then the learning, then (England) the self-assessment. */
export function reportCsv(report: Report): string {
  let out = CSV_BOM + csvRow([report.title]) + csvRow(['From', report.period.from, 'To', report.period.to]);
  out += csvRow(['Section', 'Measure', 'Value', 'Percentage', 'Complaints counted', 'From', 'To']);
  for (const s of report.sections) {
    for (const f of s.figures) out += csvRow([s.title, f.label, valueText(f), f.percent === undefined ? '' : percentText(f.percent), f.count, s.period.from, s.period.to]);
  }
  out += csvRow([]) + csvRow(['Learning', 'Service', 'Reference', 'Stage', 'Responded']);
  for (const l of report.learning) out += csvRow([l.learning, l.service, l.reference, l.stage, l.respondedAt.toISOString().slice(0, 10)]);
  if (report.selfAssessment) {
    out += csvRow([]) + csvRow(['Self-assessment section', 'Requirement', 'Met', 'Evidence', 'Commentary', 'Updated by', 'Updated']);
    for (const i of report.selfAssessment) out += csvRow([i.section, i.requirement, i.met ?? 'not assessed', i.evidence, i.commentary, i.updatedByLabel, i.updatedAt?.toISOString().slice(0, 10)]);
  }
  return out;
}

export async function recordDownload(db: Db, actor: Actor, kind: ReportKind, period: Period): Promise<void> {
  await recordAudit(db, actor, { action: 'complaints.report_downloaded', subjectType: 'complaint_report', subjectId: kind, detail: { ...period } });
}

// ---- self-assessment

export const listSelfAssessment = (db: Db) => store.selectSelfAssessment(db);
export const getSelfAssessmentItem = (db: Db, id: string) => store.selectSelfAssessmentItem(db, id);

export const MET = ['yes', 'partly', 'no'] as const;
export const MET_NAMES: Record<(typeof MET)[number], string> = { yes: 'Yes, met', partly: 'Partly met', no: 'Not met' };

export const selfAssessmentSchema = z.object({
  met: z.enum(MET, { error: 'Select whether the requirement is met' }),
  evidence: z.string().trim().max(4000, 'Evidence must be 4000 characters or fewer'),
  commentary: z.string().trim().max(4000, 'Commentary must be 4000 characters or fewer'),
});

export async function updateSelfAssessment(db: Db, actor: Actor, input: { id: string; expectedVersion: number; now: Date; values: unknown }): Promise<void> {
  const parsed = selfAssessmentSchema.safeParse(input.values);
  if (!parsed.success) throw new InvalidInput(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  await inTransaction(db, async (trx) => {
    const saved = await store.updateSelfAssessmentItem(trx, input.id, { ...parsed.data, at: input.now, byLabel: actor.label }, input.expectedVersion);
    if (!saved) throw new StaleEditError('This requirement was changed by someone else since you opened it');
    await recordAudit(trx, actor, { action: 'complaints.self_assessment_updated', subjectType: 'complaint_self_assessment', subjectId: input.id, detail: { met: parsed.data.met } });
  });
}
