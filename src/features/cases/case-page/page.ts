// Everything the officer's case page shows about one case, read in one place: the case and the
// names behind its ids, the customer's answers and files, where each standard stands, the
// timeline, possible duplicates nearby, and the choices the action forms offer.
import type { Db } from '../../../platform/db/database.js';
import { formatBytes } from '../../charter/fields/readers.js';
import { answerRows, type AnswerRow, type Answers } from '../../charter/fields/answers.js';
import { CHANNEL_NAMES, type Channel, type Team } from '../../charter/model.js';
import { getService, listTeams } from '../../charter/service.js';
import { getWorkingCalendar } from '../../calendar/service.js';
import { listContacts, type ContactSummary } from '../../contacts/service.js';
import { getCustomer } from '../../customers/service.js';
import { nearbyOpenCases } from '../nearby.js';
import * as store from '../store.js';
import type { CaseRow } from '../store.js';
import { findStatus, nextStatuses, statusOf, type StatusCategory, type Workflow, type WorkflowStatus } from '../workflow/model.js';
import { selectAssignableStaff, selectCaseFiles, selectRequestTypeVersion, selectStaffName } from './queries.js';
import { standardViews, type StandardView } from './standards.js';
import { caseHref, timelineItems, type TimelineItem } from './timeline.js';

const STATUS_TAG_CLASSES: Record<StatusCategory, string> = {
  new: 'govuk-tag--blue',
  open: 'govuk-tag--light-blue',
  waiting: 'govuk-tag--yellow',
  resolved: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  cancelled: 'govuk-tag--grey',
  duplicate: 'govuk-tag--grey',
};

interface Item {
  value: string;
  text: string;
  hint?: { text: string };
}

export interface CasePage {
  kase: CaseRow;
  href: string;
  status: WorkflowStatus;
  statusTag: { text: string; classes: string };
  requestTypeName: string;
  serviceName: string;
  channelName: string;
  teamName: string | null;
  assigneeName: string | null;
  duplicateOf: { href: string; reference: string } | null;
  locationLines: string[];
  contactLines: string[];
  /** The customer's record, when the case is on one (the advisor desk, the inbox). */
  customer: { href: string; name: string } | null;
  /** Every contact about the case on any channel, newest first. */
  contacts: ContactSummary[];
  hasPosition: boolean;
  answers: AnswerRow[];
  /** What a client system (FixMyStreet) sent beyond the form's questions: kept, never dropped. */
  fromClient: { client: string; description: string | null; mediaUrls: string[]; attributes: { key: string; value: string }[] } | null;
  files: { href: string; text: string }[];
  standards: StandardView[];
  timeline: TimelineItem[];
  nearby: { href: string; reference: string; statusName: string; receivedAt: Date; address: string | null; distanceMetres: number }[];
  /** The page of the feature that manages this case's workflow (a complaint's), for the steps only it takes. */
  managedBy: { name: string; href: string } | null;
  /** The choices of the action forms. */
  choices: {
    statuses: Item[];
    teams: Item[];
    people: Item[];
    /** Some of the people are members of the case's team, listed first. */
    teamMembersFirst: boolean;
    standards: Item[];
    canMarkDuplicate: boolean;
  };
}

const STATUS_HINTS: Partial<Record<StatusCategory, string>> = {
  waiting: 'The standards’ clocks pause until the customer replies. Say what you need from them in the message.',
  cancelled: 'The standards are not measured for a cancelled case.',
  duplicate: 'Use “Mark as a duplicate” below to link it to the original case.',
};

function statusItems(workflow: Workflow, current: string): Item[] {
  // A duplicate needs the original's reference, which only the duplicate form asks for.
  return nextStatuses(workflow, current)
    .filter((s) => s.category !== 'duplicate' && !(s.managed && workflow.managedBy))
    .map((s) => {
      const hint = STATUS_HINTS[s.category];
      return hint ? { value: s.code, text: s.name, hint: { text: hint } } : { value: s.code, text: s.name };
    });
}

async function choices(db: Db, kase: CaseRow, workflow: Workflow, standards: StandardView[], teams: readonly Team[]): Promise<CasePage['choices']> {
  const people = await selectAssignableStaff(db, kase.teamId);
  const teamName = teams.find((t) => t.id === kase.teamId)?.name;
  return {
    statuses: statusItems(workflow, kase.status),
    teams: [{ value: '', text: 'No team' }, ...teams.map((t) => ({ value: t.id, text: t.name }))],
    people: [
      { value: '', text: 'Nobody: leave it in the team’s queue' },
      ...people.map((p) => ({ value: p.id, text: p.inTeam && teamName ? `${p.name} (${teamName})` : p.name })),
    ],
    teamMembersFirst: people.some((p) => p.inTeam),
    standards: standards.filter((s) => s.extendable).map((s) => ({ value: s.standardId, text: `${s.sentence} (extend in ${s.unit})` })),
    canMarkDuplicate: nextStatuses(workflow, kase.status).some((s) => s.category === 'duplicate'),
  };
}

async function nearby(db: Db, kase: CaseRow, workflow: Workflow): Promise<CasePage['nearby']> {
  if (kase.latitude === null || kase.longitude === null) return [];
  const found = await nearbyOpenCases(db, { requestTypeId: kase.requestTypeId, latitude: kase.latitude, longitude: kase.longitude, excludeReference: kase.reference });
  return found.map((n) => ({
    href: caseHref(n.reference),
    reference: n.reference,
    statusName: findStatus(workflow, n.status)?.name ?? n.status,
    receivedAt: n.receivedAt,
    address: n.locationAddress,
    distanceMetres: n.distanceMetres,
  }));
}

function locationLines(kase: CaseRow): string[] {
  const lines = kase.locationAddress ? [kase.locationAddress] : [];
  if (kase.locationUprn) lines.push(`UPRN ${kase.locationUprn}`);
  if (kase.latitude !== null && kase.longitude !== null) lines.push(`Latitude ${kase.latitude}, longitude ${kase.longitude}`);
  if (kase.ward) lines.push(`Ward: ${kase.ward}`);
  return lines;
}

async function duplicateOf(db: Db, kase: CaseRow): Promise<CasePage['duplicateOf']> {
  const original = kase.duplicateOf ? await store.selectCase(db, { id: kase.duplicateOf }) : undefined;
  return original ? { href: caseHref(original.reference), reference: original.reference } : null;
}

/** The page for the case with this (well-formed) reference, or undefined if there is none. */
/** The client system's own description, photo links and the attributes the form has no question for. */
function fromClient(data: Record<string, unknown> | null): CasePage['fromClient'] {
  if (!data) return null;
  const known = new Set(Array.isArray(data.knownAttributes) ? data.knownAttributes : []);
  const attributes = Object.entries((data.attributes ?? {}) as Record<string, string | string[]>)
    .filter(([key]) => !known.has(key))
    .map(([key, value]) => ({ key, value: ([] as string[]).concat(value).join(', ') }));
  return {
    client: typeof data.client === 'string' ? data.client : 'another system',
    description: typeof data.description === 'string' ? data.description : null,
    mediaUrls: Array.isArray(data.mediaUrls) ? data.mediaUrls.filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u)) : [],
    attributes,
  };
}

export async function loadCasePage(db: Db, reference: string, now: Date): Promise<CasePage | undefined> {
  const kase = await store.selectCase(db, { reference });
  if (!kase) return undefined;
  // First on its own: on its first use it may record the calendar's version in a transaction.
  const working = await getWorkingCalendar(db);
  const [workflow, requestType, service, clocks, events, files, teams, customer, contacts] = await Promise.all([
    store.selectWorkflow(db, kase.workflowCode),
    selectRequestTypeVersion(db, kase.requestTypeId, kase.requestTypeVersion),
    getService(db, { id: kase.serviceId }),
    store.selectClocks(db, kase.id),
    store.selectEvents(db, kase.id),
    selectCaseFiles(db, kase.id),
    listTeams(db),
    kase.customerId ? getCustomer(db, kase.customerId) : undefined,
    listContacts(db, { caseId: kase.id }),
  ]);
  const teamName = teams.find((t) => t.id === kase.teamId)?.name ?? null;
  const standards = standardViews(working.calendar, clocks, now);
  const status = statusOf(workflow, kase.status);
  const href = caseHref(kase.reference);
  return {
    kase,
    href,
    status,
    statusTag: { text: status.name, classes: STATUS_TAG_CLASSES[status.category] },
    requestTypeName: requestType.name,
    serviceName: service.name,
    channelName: CHANNEL_NAMES[kase.channel as Channel] ?? kase.channel,
    teamName,
    assigneeName: kase.assigneeId ? ((await selectStaffName(db, kase.assigneeId)) ?? null) : null,
    duplicateOf: await duplicateOf(db, kase),
    locationLines: locationLines(kase),
    contactLines: [kase.contact.name, kase.contact.email, kase.contact.phone].filter((line): line is string => !!line),
    customer: customer ? { href: `/staff/customers/${customer.id}`, name: customer.displayName } : null,
    contacts,
    hasPosition: kase.latitude !== null && kase.longitude !== null,
    answers: answerRows(requestType.fields, kase.answers as Answers, { change: false }),
    fromClient: fromClient(kase.clientData),
    files: files.map((f) => ({ href: `${href}/attachments/${f.id}`, text: `${f.filename} (${formatBytes(f.size)})` })),
    standards,
    timeline: timelineItems(events, workflow),
    nearby: await nearby(db, kase, workflow),
    managedBy: workflow.managedBy ? { name: workflow.managedBy.name, href: `${workflow.managedBy.href}${encodeURIComponent(kase.reference)}` } : null,
    choices: await choices(db, kase, workflow, standards, teams),
  };
}
