// Complaints as the four nations' codes describe them, kept as data. A procedure says how long a
// person has to complain, who may handle stage 2, whether replies follow the person's language,
// which Ombudsman to name, and each stage's timescales: service standards with the milestone that
// starts and stops each clock. The code below never asks which nation it is in.
import { z } from 'zod';
import { CLOCK_UNITS, MILESTONE_NAMES, type CaseMilestone } from '../charter/model.js';
import { NATIONS } from '../../time/nation.js';
import { addMonthsToDay, dayFromIso, isoFromDay } from '../../time/local-date.js';
import { londonDay } from '../../time/london.js';

/** The case milestones that start and end each stage's work; the complaint workflow records them. */
export const STAGE_MILESTONES = {
  1: { starts: 'received', acknowledged: 'acknowledged', responded: 'resolved' },
  2: { starts: 'escalated', acknowledged: 'escalation_acknowledged', responded: 'escalation_resolved' },
} as const satisfies Record<ComplaintStage, { starts: CaseMilestone; acknowledged: CaseMilestone; responded: CaseMilestone }>;

export type ComplaintStage = 1 | 2;

/** The milestones that belong to stage 2: a standard started by one of them measures stage 2. */
export const STAGE_2_STARTS: readonly CaseMilestone[] = ['escalated', 'escalation_acknowledged'];
export const stageOfStandard = (startEvent: string): ComplaintStage => ((STAGE_2_STARTS as readonly string[]).includes(startEvent) ? 2 : 1);

/** The statutory report a procedure's complaints are counted in. */
export const REPORTS = ['england', 'spso', 'wales', 'nipso'] as const;
export type ReportKind = (typeof REPORTS)[number];
export const REPORT_NAMES: Record<ReportKind, string> = {
  england: 'Annual complaints performance and service improvement report (England)',
  spso: 'SPSO complaints performance indicators (Scotland)',
  wales: 'Quarterly return to the Complaints Standards Authority (Wales)',
  nipso: 'NIPSO complaints performance indicators (Northern Ireland)',
};

const text = (max: number, missing: string) => z.string().trim().min(1, missing).max(max, `Must be ${max} characters or fewer`);
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v),
    z.number({ error: `Enter ${label} as a whole number` }).int(`Enter ${label} as a whole number`).min(min, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${min} or more`).max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} or fewer`),
  );

export const STANDARD_KINDS = ['acknowledgement', 'response'] as const;
export type StageStandardKind = (typeof STANDARD_KINDS)[number];

const milestone = z.enum(['received', 'acknowledged', 'resolved', 'escalated', 'escalation_acknowledged', 'escalation_resolved'], { error: 'Choose the event from the list' });

export const stageStandardSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  kind: z.enum(STANDARD_KINDS),
  sentence: text(300, 'Enter the promise as residents will read it'),
  clockUnit: z.enum(CLOCK_UNITS),
  clockAmount: wholeNumber('the time allowed', 1, 365),
  startEvent: milestone,
  stopEvent: milestone,
  /** The most the clock may be extended by, in total, in its own unit; 0: it may not be extended. */
  extensionLimit: wholeNumber('the most it may be extended by', 0, 365),
  targetPercent: wholeNumber('the target', 1, 100),
});
export type StageStandard = z.output<typeof stageStandardSchema>;

export const procedureSchema = z.object({
  name: text(200, 'Enter the procedure’s name'),
  /** The nation whose code it follows: the procedure a council in that nation starts with. */
  nation: z.enum(NATIONS),
  report: z.enum(REPORTS),
  /** Months from the problem (or from becoming aware of it) within which a complaint may be made. */
  timeLimitMonths: wholeNumber('the time limit', 1, 120),
  /** Months from the stage 1 response within which stage 2 may be asked for; null: no limit of its own. */
  stage2RequestMonths: wholeNumber('the time to ask for stage 2', 1, 120).nullable(),
  /** Stage 2 must be handled by someone other than the stage 1 handler. */
  differentHandlerAtStage2: z.boolean({ error: 'Choose whether stage 2 must be handled by someone else' }),
  /** Reply in the language the person used (Welsh or English). */
  replyInLanguageUsed: z.boolean({ error: 'Choose whether replies follow the language the person used' }),
  ombudsman: z.object({
    name: text(200, 'Enter the Ombudsman’s name'),
    phone: text(60, 'Enter the Ombudsman’s phone number'),
    website: text(200, 'Enter the Ombudsman’s website'),
    address: text(300, 'Enter the Ombudsman’s address'),
  }),
  stages: z.object({
    1: z.object({ name: text(120, 'Enter the stage’s name'), standards: z.array(stageStandardSchema).min(1) }),
    2: z.object({ name: text(120, 'Enter the stage’s name'), standards: z.array(stageStandardSchema).min(1) }),
  }),
}).superRefine((procedure, ctx) => {
  for (const issue of stageEventIssues(procedure.stages)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

type StageEvents = Record<ComplaintStage, { standards: readonly { startEvent: string; stopEvent: string }[] }>;

/**
 * Each stage's clocks run between that stage's own events (a stage 1 clock started by an escalation
 * would be counted as stage 2) and stop after they start. Used by the schema, and by the edit page,
 * which shows these beside the other mistakes even when the schema stops at those.
 */
export function stageEventIssues(stages: StageEvents): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const stage of [1, 2] as const) {
    const events: readonly string[] = Object.values(STAGE_MILESTONES[stage]);
    (stages[stage]?.standards ?? []).forEach((s, i) => {
      const path = ['stages', stage, 'standards', i];
      const start = events.indexOf(s.startEvent);
      const stop = events.indexOf(s.stopEvent);
      if (start < 0) issues.push({ path: [...path, 'startEvent'], message: `Choose a stage ${stage} event for when the clock starts` });
      if (stop < 0) issues.push({ path: [...path, 'stopEvent'], message: `Choose a stage ${stage} event for when the clock stops` });
      else if (start >= 0 && stop <= start) issues.push({ path: [...path, 'stopEvent'], message: `The clock must stop at an event after “${MILESTONE_NAMES[s.startEvent as CaseMilestone]}”, which starts it` });
    });
  }
  return issues;
}

export type ProcedureDefinition = z.output<typeof procedureSchema>;

export interface Procedure {
  code: string;
  version: number;
  definition: ProcedureDefinition;
  createdAt: Date;
  createdByLabel: string;
}

export const DECISIONS = ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_NAMES: Record<Decision, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved: 'Resolved',
};

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How a stage began. */
export type StageStart = 'received' | 'escalated_by_resident' | 'escalated_by_staff' | 'direct';

/** The date `months` calendar months after an ISO day (31 January + 1 month: the end of February). */
export const addMonthsToIsoDay = (day: string, months: number): string => isoFromDay(addMonthsToDay(dayFromIso(day), months));

/** The London date of an instant, as 2026-12-22. */
export const londonIsoDay = (instant: Date): string => isoFromDay(londonDay(instant.getTime()));

/** Whether a complaint received on `receivedDay` about a problem on `problemDay` is outside the time limit. */
export function isLate(procedure: ProcedureDefinition, problemDay: string, receivedDay: string): boolean {
  return receivedDay > addMonthsToIsoDay(problemDay, procedure.timeLimitMonths);
}

/** Whether stage 2 asked for on `askedDay` is later than the procedure allows after the stage 1 response. */
export function isLateEscalation(procedure: ProcedureDefinition, respondedDay: string | null, askedDay: string): boolean {
  if (procedure.stage2RequestMonths === null || respondedDay === null) return false;
  return askedDay > addMonthsToIsoDay(respondedDay, procedure.stage2RequestMonths);
}

// ---- what staff and residents send

const optionalText = (max: number) => z.string().trim().max(max, `Must be ${max} characters or fewer`).default('');

export const outstandingActionSchema = z.object({
  action: text(500, 'Enter the action still to be done'),
  owner: text(120, 'Enter who will do it'),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date it will be done by'),
});
export type OutstandingAction = z.output<typeof outstandingActionSchema>;

export const responseSchema = z.object({
  decision: z.enum(DECISIONS, { error: 'Select the decision' }),
  reasons: text(5000, 'Enter the reasons for the decision'),
  apology: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
  actionTaken: optionalText(2000),
  /** Pounds and pence as typed ("25" or "25.50"); empty: no payment. */
  payment: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d{1,6}(\.\d{2})?$/.test(v.replace(/^£/, '')), 'Enter the payment in pounds, like 25 or 25.50')
    .transform((v) => (v === '' ? null : Math.round(Number(v.replace(/^£/, '')) * 100))),
  learning: optionalText(2000),
  outstandingActions: z.array(outstandingActionSchema).max(20).default([]),
});
export type ResponseInput = z.output<typeof responseSchema>;

/** "£25.50" from pence. */
export const formatPounds = (pence: number): string => `£${(pence / 100).toFixed(2).replace(/\.00$/, '')}`;
