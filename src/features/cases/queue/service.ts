// What an officer does with a work queue: read one page of it (with what each case is called, how
// urgent it is, and the choices of the filters and the assignment form), count their teams' open
// cases for the navigation, and assign several cases at once.
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { CHANNEL_NAMES, CHANNELS, UUID, type Channel } from '../../charter/model.js';
import { listServices, listTeams } from '../../charter/service.js';
import { selectAssignableStaff } from '../case-page/queries.js';
import { caseHref } from '../case-page/timeline.js';
import { assignCases, type CaseContext } from '../lifecycle.js';
import { selectWorkflows } from '../store.js';
import { statusCodesIn, statusNamer, type Workflow } from '../workflow/model.js';
import { OPEN_CATEGORIES, pageCount, URGENCY_TAGS, urgencyOf, type QueueQuery } from './model.js';
import * as store from './store.js';

export interface QueueItem {
  reference: string;
  href: string;
  requestTypeName: string;
  statusName: string;
  channelName: string;
  receivedAt: Date;
  dueAt: Date | null;
  tag: { text: string; classes: string } | undefined;
  teamName: string | null;
  assigneeName: string | null;
}

interface Choice {
  value: string;
  text: string;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  pages: number;
  /** False when the person is in no team, so "my teams" can say why it is empty. */
  inTeams: boolean;
  choices: { services: Choice[]; statuses: Choice[]; channels: Choice[]; teams: Choice[]; people: Choice[] };
}

/** The statuses an open case can be in, across workflows, each code once with its first name. */
function openStatusChoices(workflows: readonly Workflow[]): Choice[] {
  const name = (code: string) => workflows.flatMap((w) => w.statuses).find((s) => s.code === code)?.name ?? code;
  return statusCodesIn(workflows, OPEN_CATEGORIES).map((code) => ({ value: code, text: name(code) }));
}

async function choices(db: Db, workflows: readonly Workflow[]): Promise<QueuePage['choices']> {
  const [services, teams, people] = await Promise.all([listServices(db), listTeams(db), selectAssignableStaff(db, null)]);
  return {
    services: services.map((s) => ({ value: s.id, text: s.name })),
    statuses: openStatusChoices(workflows),
    channels: CHANNELS.map((c) => ({ value: c, text: CHANNEL_NAMES[c] })),
    teams: teams.map((t) => ({ value: t.id, text: t.name })),
    people: people.map((p) => ({ value: p.id, text: p.name })),
  };
}

export async function loadQueue(db: Db, userId: string, query: QueueQuery, now: Date): Promise<QueuePage> {
  const [rows, total, workflows] = await Promise.all([store.selectQueuePage(db, query, userId), store.countQueue(db, query, userId), selectWorkflows(db)]);
  const statusName = statusNamer(workflows);
  const inTeams = query.view !== 'teams' || total > 0 || (await store.countMyTeamsQueue(db, userId)).teams > 0;
  return {
    items: rows.map((r) => {
      const urgency = urgencyOf({ dueAt: r.runningDueAt, atRiskAt: r.runningAtRiskAt }, now);
      return {
        reference: r.reference,
        href: caseHref(r.reference),
        requestTypeName: r.requestTypeName,
        statusName: statusName(r.workflowCode, r.status),
        channelName: CHANNEL_NAMES[r.channel as Channel] ?? r.channel,
        receivedAt: r.receivedAt,
        dueAt: r.dueAt,
        tag: urgency && URGENCY_TAGS[urgency],
        teamName: r.teamName,
        assigneeName: r.assigneeName,
      };
    }),
    total,
    pages: pageCount(total),
    inTeams,
    choices: await choices(db, workflows),
  };
}

/** The number in the navigation: open cases in my teams; none for someone in no team. */
export async function navigationCount(db: Db, userId: string): Promise<number | undefined> {
  const { teams, open } = await store.countMyTeamsQueue(db, userId);
  return teams ? open : undefined;
}

const MAX_SELECTED = 200;

export interface BulkAssignment {
  references: string[];
  /** null keeps each case in the team it is in. */
  teamId: string | null;
  /** null leaves the cases with nobody, in their team's queue. */
  assigneeId: string | null;
}

/** An id chosen from a select: '' is the empty choice (null); anything else must look like one from the list. */
export function chosenId(value: string, field: string, message: string): string | null {
  if (value === '') return null;
  if (!UUID.test(value)) throw new InvalidInput([{ field, message }]);
  return value;
}

function checkAssignment(input: BulkAssignment): void {
  const issues = [];
  if (!input.references.length) issues.push({ field: 'references', message: 'Select at least one case' });
  if (input.references.length > MAX_SELECTED) issues.push({ field: 'references', message: `Select ${MAX_SELECTED} cases or fewer at a time` });
  if (!input.teamId && !input.assigneeId) issues.push({ field: 'teamId', message: 'Choose a team or a person to assign the selected cases to' });
  if (issues.length) throw new InvalidInput(issues);
}

/** The selected cases by the team each is in now; a reference that is not a case is the user's mistake. */
async function casesByTeam(db: Db, references: readonly string[]): Promise<Map<string | null, string[]>> {
  const teams = await store.selectCaseTeams(db, references);
  const byTeam = new Map<string | null, string[]>();
  for (const reference of references) {
    if (!teams.has(reference)) throw new InvalidInput([{ field: 'references', message: `There is no case ${reference}: select cases from the list` }]);
    const teamId = teams.get(reference) ?? null;
    byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), reference]);
  }
  return byTeam;
}

/**
 * Assigns the selected cases, all or none. Keeping each case's team is one assignment per team the
 * cases are in, in the same transaction. Returns how many cases were assigned.
 */
export async function assignSelected(ctx: CaseContext, input: BulkAssignment): Promise<number> {
  const references = [...new Set(input.references)];
  checkAssignment({ ...input, references });
  return inTransaction(ctx.db, async (trx) => {
    const byTeam = await casesByTeam(trx, references);
    const groups = input.teamId ? [[input.teamId, references] as const] : [...byTeam];
    let assigned = 0;
    for (const [teamId, group] of groups) assigned += await assignCases({ ...ctx, db: trx }, { references: [...group], teamId, assigneeId: input.assigneeId });
    return assigned;
  });
}
