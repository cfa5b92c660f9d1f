// The action plan, pure: statuses, RAG, kinds of action, the forms' rules, and the three months
// either side of a service migration. Statuses are insight actions' (features/insight/model.ts),
// so one overdue rule serves both; the words shown are the ones action plans use.
import type { Rag, Range } from '../../../platform/kpi/index.js';
import { dateFromParts, type DatePart } from '../../../platform/web/date-input.js';
import { endOfLondonDay, type LocalDate } from '../../../time/index.js';
import { UUID } from '../../charter/model.js';
import { ACTION_STATUSES, isOverdue, type ActionStatus } from '../../insight/model.js';

export { ACTION_STATUSES, isOverdue, type ActionStatus };

export const STATUS_NAMES: Record<ActionStatus, string> = {
  open: 'Not started',
  in_progress: 'In progress',
  done: 'Complete',
  cancelled: 'Cancelled',
};

/** Finished one way or the other: neither is overdue, both leave the review after their quarter. */
export const isClosed = (status: ActionStatus): boolean => status === 'done' || status === 'cancelled';

export const RAGS = ['red', 'amber', 'green'] as const satisfies readonly Rag[];

/** A RAG status in words, as the tag shows it: colour is never the only way it is told. */
export const RAG_NAMES: Record<Rag, string> = {
  red: 'Red: off track',
  amber: 'Amber: at risk',
  green: 'Green: on track',
};

/** GOV.UK tag colours: amber is the orange tag (the yellow one is too pale to read as a warning). */
export const RAG_TAG_CLASSES: Record<Rag, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
};

export const ACTION_KINDS = ['action', 'service_migration'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const KIND_NAMES: Record<ActionKind, string> = {
  action: 'Action',
  service_migration: 'Service migration',
};

export const MAX_TITLE = 200;
export const MAX_TEXT = 5000;
export const MAX_POSITION = 999;

export interface Issue {
  field: string;
  message: string;
}

export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

type FormValue = string | string[] | undefined;
type Body = Record<string, FormValue>;
const one = (v: FormValue): string => ((Array.isArray(v) ? v[0] : v) ?? '');
const many = (v: FormValue): string[] => ([] as string[]).concat(v ?? []).filter(Boolean);

/**
 * Issues as the error summary and the fields show them: in the page's order (`fields`), one per
 * field, each linking to its input (`idOf`). A date links to the first box in error.
 */
export function formErrors(issues: readonly Issue[], fields: readonly string[], idOf: (field: string) => string = (f) => f): FormErrors {
  const order = (f: string) => (fields.includes(f) ? fields.indexOf(f) : fields.length);
  const out: FormErrors = { summary: [], fields: {} };
  for (const issue of [...issues].sort((a, b) => order(a.field) - order(b.field))) {
    if (out.fields[issue.field]) continue;
    out.fields[issue.field] = { text: issue.message };
    out.summary.push({ text: issue.message, href: `#${idOf(issue.field)}` });
  }
  return out;
}

export type Reading<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; dateParts: Record<string, DatePart[]> };

function textIssue(value: string, field: string, max: number, empty: string | null, label: string): Issue | undefined {
  const trimmed = value.trim();
  if (empty && trimmed === '') return { field, message: empty };
  if (trimmed.length > max) return { field, message: `${label} must be ${max} characters or fewer` };
  return undefined;
}

// ---- objectives

export interface ObjectiveInput {
  title: string;
  description: string;
  position: number;
}

export const OBJECTIVE_FIELDS = ['title', 'description', 'position'] as const;

export function readObjectiveForm(body: Body): Reading<ObjectiveInput> {
  const issues: Issue[] = [];
  const title = one(body.title);
  const description = one(body.description);
  for (const issue of [
    textIssue(title, 'title', MAX_TITLE, 'Enter the objective’s title', 'The objective’s title'),
    textIssue(description, 'description', MAX_TEXT, null, 'The description'),
  ]) if (issue) issues.push(issue);
  const positionText = one(body.position).trim();
  const position = /^\d{1,3}$/.test(positionText) ? Number(positionText) : NaN;
  if (positionText === '') issues.push({ field: 'position', message: 'Enter where the objective comes in the plan, like 1 for first' });
  else if (!(position >= 1 && position <= MAX_POSITION)) issues.push({ field: 'position', message: `Where the objective comes must be a whole number from 1 to ${MAX_POSITION}` });
  if (issues.length) return { ok: false, errors: formErrors(issues, OBJECTIVE_FIELDS), dateParts: {} };
  return { ok: true, value: { title: title.trim(), description: description.trim(), position } };
}

// ---- actions

export interface ActionInput {
  objectiveId: string;
  title: string;
  description: string;
  ownerId: string;
  dueOn: LocalDate;
  status: ActionStatus;
  rag: Rag;
  kind: ActionKind;
  /** A service migration's service and planned date; null for an ordinary action. */
  serviceId: string | null;
  plannedOn: LocalDate | null;
  kpiCodes: string[];
}

export const ACTION_FIELDS = ['objectiveId', 'title', 'description', 'ownerId', 'dueOn', 'status', 'rag', 'kind', 'serviceId', 'plannedOn', 'kpiCodes'] as const;
const RADIO_IDS: Record<string, string> = { status: 'status', rag: 'rag', kind: 'kind', kpiCodes: 'kpiCodes' };

/** The id the error summary links to: a date's first box, a radio group's first radio. */
export function actionFieldId(field: string, dateParts: Record<string, DatePart[]> = {}): string {
  if (field === 'dueOn' || field === 'plannedOn') return `${field}-${dateParts[field]?.[0] ?? 'day'}`;
  return RADIO_IDS[field] ?? field;
}

function readDate(body: Body, name: string, label: string, issues: Issue[], parts: Record<string, DatePart[]>): LocalDate | null {
  const date = dateFromParts({ day: one(body[`${name}-day`]), month: one(body[`${name}-month`]), year: one(body[`${name}-year`]) }, label);
  if (date.ok) return date.date;
  issues.push({ field: name, message: date.message });
  parts[name] = date.parts;
  return null;
}

/** Reads the action form: every rule but those only the database can check (ids that exist, KPIs registered). */
export function readActionForm(body: Body): Reading<ActionInput> {
  const issues: Issue[] = [];
  const dateParts: Record<string, DatePart[]> = {};
  const id = (field: string, message: string): string => {
    const value = one(body[field]).trim();
    if (!UUID.test(value)) issues.push({ field, message });
    return value;
  };
  const objectiveId = id('objectiveId', 'Select the objective this action is for');
  const title = one(body.title);
  const description = one(body.description);
  for (const issue of [
    textIssue(title, 'title', MAX_TITLE, 'Enter the action’s title', 'The action’s title'),
    textIssue(description, 'description', MAX_TEXT, null, 'What the action involves'),
  ]) if (issue) issues.push(issue);
  const ownerId = id('ownerId', 'Select who owns this action');
  const dueOn = readDate(body, 'dueOn', 'Due date', issues, dateParts);
  const status = one(body.status) as ActionStatus;
  if (!ACTION_STATUSES.includes(status)) issues.push({ field: 'status', message: 'Select the action’s status' });
  const rag = one(body.rag) as Rag;
  if (!RAGS.includes(rag)) issues.push({ field: 'rag', message: 'Select the action’s RAG status' });
  const kind = one(body.kind) as ActionKind;
  if (!ACTION_KINDS.includes(kind)) issues.push({ field: 'kind', message: 'Select whether this action is a service migration' });
  let serviceId: string | null = null;
  let plannedOn: LocalDate | null = null;
  if (kind === 'service_migration') {
    serviceId = id('serviceId', 'Select the service whose contact is moving into customer services');
    plannedOn = readDate(body, 'plannedOn', 'Planned date', issues, dateParts);
  }
  const kpiCodes = [...new Set(many(body.kpiCodes))];
  if (issues.length) return { ok: false, errors: formErrors(issues, ACTION_FIELDS, (f) => actionFieldId(f, dateParts)), dateParts };
  return { ok: true, value: { objectiveId, title: title.trim(), description: description.trim(), ownerId, dueOn: dueOn!, status, rag, kind, serviceId, plannedOn, kpiCodes } };
}

// ---- progress notes

export interface ProgressInput {
  note: string;
  /** A manager's new RAG status with the note; null leaves it as it is. */
  rag: Rag | null;
}

export const PROGRESS_FIELDS = ['note', 'progressRag'] as const;

/** Reads the progress form; `mayChangeRag` is false for an owner without performance:manage. */
export function readProgressForm(body: Body, mayChangeRag: boolean): Reading<ProgressInput> {
  const issues: Issue[] = [];
  const note = one(body.note);
  const issue = textIssue(note, 'note', MAX_TEXT, 'Enter the progress note', 'The progress note');
  if (issue) issues.push(issue);
  const ragText = one(body.progressRag);
  let rag: Rag | null = null;
  if (ragText && mayChangeRag) {
    if (RAGS.includes(ragText as Rag)) rag = ragText as Rag;
    else issues.push({ field: 'progressRag', message: 'Select a RAG status from the list' });
  }
  if (issues.length) return { ok: false, errors: formErrors(issues, PROGRESS_FIELDS), dateParts: {} };
  return { ok: true, value: { note: note.trim(), rag } };
}

// ---- a service migration's first contact resolution, before and after

/** "2026-08-15" from "2026-11-15" and -3; a day past the month's end is its last day (31 May − 3 months: 28 or 29 February). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const previousDay = (date: LocalDate): LocalDate => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The first instant of a London day. */
export const startOfLondonDay = (date: LocalDate): Date => new Date(endOfLondonDay(previousDay(date)).getTime() + 1);

export interface Window extends Range {
  /** The first and last London days, for the words on the page. */
  firstDay: LocalDate;
  lastDay: LocalDate;
}

export const MIGRATION_MONTHS = 3;

/**
 * The three months before a migration's planned date (up to the day before it) and the three
 * months from it: windows of the same length either side, whatever day of a quarter it falls on.
 */
export function migrationWindows(plannedOn: LocalDate): { before: Window; after: Window } {
  const window = (first: LocalDate, next: LocalDate): Window => ({ from: startOfLondonDay(first), to: startOfLondonDay(next), firstDay: first, lastDay: previousDay(next) });
  return {
    before: window(addMonths(plannedOn, -MIGRATION_MONTHS), plannedOn),
    after: window(plannedOn, addMonths(plannedOn, MIGRATION_MONTHS)),
  };
}
