// A case's events as the officer's timeline: newest first, each saying what happened, who did it
// and when, with internal notes told apart from what the customer sees. Pure.
import { formatDay } from '../../../platform/views/environment.js';
import { CHANNEL_NAMES, CLOCK_UNIT_NAMES, type Channel } from '../../charter/model.js';
import type { ClockUnit } from '../../../time/index.js';
import { describeEscalation } from '../escalation/model.js';
import type { CaseEvent } from '../store.js';
import { findStatus, type Workflow } from '../workflow/model.js';

export interface TimelineItem {
  id: string;
  title: string;
  /** A case named in the title (a duplicate, the original), linked after the title. */
  link?: { href: string; text: string };
  /** Internal note, sent to the customer, from the customer. */
  tag?: { text: string; classes: string };
  /** What was written: a note, an update, a message, shown as written. */
  quote?: string;
  /** Further facts, one a line. */
  lines: string[];
  who: string;
  at: Date;
}

const TAGS = {
  internal: { text: 'Internal note', classes: 'govuk-tag--grey' },
  public: { text: 'Sent to customer', classes: 'govuk-tag--blue' },
  customer: { text: 'From the customer', classes: 'govuk-tag--purple' },
};

export const caseHref = (reference: string): string => `/staff/cases/${encodeURIComponent(reference)}`;

type Detail = Record<string, unknown>;
type Described = Omit<TimelineItem, 'id' | 'who' | 'at' | 'lines'> & { lines?: string[] };

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const day = (iso: unknown): string => (typeof iso === 'string' && iso ? formatDay(iso) : 'no date');
const channelName = (channel: unknown): string => CHANNEL_NAMES[str(channel) as Channel] ?? str(channel);
/** Staff see the workflow's staff name of a status; the event keeps the resident's name in case the status is gone. */
const statusName = (workflow: Workflow, code: unknown, fallback: unknown): string => findStatus(workflow, str(code))?.name ?? (str(fallback) || str(code));

function unitName(unit: unknown, amount: number): string {
  const names = CLOCK_UNIT_NAMES[str(unit) as ClockUnit];
  if (!names) return str(unit);
  return amount === 1 ? names[0] : names[1];
}

function assigned(d: Detail): string {
  const assignee = str(d.assignee);
  const team = str(d.team);
  if (assignee) return team ? `Assigned to ${assignee} (${team})` : `Assigned to ${assignee}`;
  return team ? `Assigned to the ${team} queue` : 'Unassigned';
}

function recalculated(d: Detail): string[] {
  const changes = Array.isArray(d.changes) ? (d.changes as Detail[]) : [];
  return [...(str(d.reason) ? [`Because: ${str(d.reason)}`] : []), ...changes.map((c) => `${str(c.standard)}: now due ${day(c.to)} (was ${day(c.from)})`)];
}

const DESCRIBE: Record<string, (d: Detail, workflow: Workflow) => Described> = {
  received: (d) => ({ title: 'Request received', lines: [`By ${channelName(d.channel).toLowerCase()}`] }),
  status_changed: (d, w) => ({
    title: `Status changed from ${statusName(w, d.from, d.fromName)} to ${statusName(w, d.to, d.toName)}`,
    lines: str(d.reason) ? [`Reason: ${str(d.reason)}`] : [],
  }),
  public_update: (d) => ({ title: 'Update for the customer', tag: TAGS.public, quote: str(d.message) }),
  note: (d) => ({ title: 'Internal note', tag: TAGS.internal, quote: str(d.text) }),
  customer_update: (d) => ({
    title: 'Information from the customer',
    tag: TAGS.customer,
    quote: str(d.message),
    lines: [...(d.channel ? [`By ${channelName(d.channel).toLowerCase()}`] : []), ...(str(d.from) ? [`From ${str(d.from)}`] : []), ...(str(d.requestedStatus) ? [`Asked for the status ${str(d.requestedStatus)}`] : [])],
  }),
  escalated: (d) => describeEscalation(d),
  assigned: (d) => ({ title: assigned(d) }),
  standard_met: (d) => ({ title: `Standard met: ${str(d.standard)}`, lines: [`Due ${day(d.dueAt)}`] }),
  standard_missed: (d) => ({ title: `Standard missed: ${str(d.standard)}`, lines: [`Due ${day(d.dueAt)}`] }),
  standard_extended: (d) => {
    const by = Number(d.by);
    return { title: `Standard extended by ${by} ${unitName(d.unit, by)}: ${str(d.standard)}`, lines: [`Reason: ${str(d.reason)}`] };
  },
  due_dates_recalculated: (d) => ({ title: 'Due dates recalculated', lines: recalculated(d) }),
  answer_remapped: (d) => ({
    title: `Answer changed: ${str(d.fieldLabel) || str(d.field)}`,
    lines: [`Now ${str(d.toLabel) || str(d.to)} (was ${str(d.fromLabel) || str(d.from)}), because the option was removed from the request type`],
  }),
  visited: (d) => ({ title: 'Site visit recorded', quote: str(d.note) || undefined }),
  marked_duplicate: (d) => ({ title: 'Marked as a duplicate of', link: { href: caseHref(str(d.of)), text: str(d.of) } }),
  duplicate_linked: (d) => ({ title: 'Another case was marked as a duplicate of this one:', link: { href: caseHref(str(d.duplicate)), text: str(d.duplicate) } }),
};

/**
 * An event another feature records on a case (a complaint's response, say) names itself in
 * `title`, with its facts in `lines`; one this page does not know at all still shows, named after its type.
 */
function unknown(type: string, d: Detail): Described {
  const lines = Array.isArray(d.lines) ? d.lines.filter((l): l is string => typeof l === 'string') : [];
  return { title: str(d.title) || type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), lines, ...(str(d.quote) && { quote: str(d.quote) }) };
}

export function timelineItems(events: readonly CaseEvent[], workflow: Workflow): TimelineItem[] {
  return [...events].reverse().map((event) => {
    const described = DESCRIBE[event.type]?.(event.detail, workflow) ?? unknown(event.type, event.detail);
    const item: TimelineItem = { ...described, id: event.id, lines: described.lines ?? [], who: event.actorLabel, at: event.at };
    if (!item.quote) delete item.quote;
    return item;
  });
}
