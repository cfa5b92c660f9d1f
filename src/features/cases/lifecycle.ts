// What staff and residents do to a case once it is raised: move it through its workflow, add notes
// and public updates, assign it, extend a standard, record a visit, link a duplicate, and (for the
// resident) add information when asked. Every change is one transaction that:
//   1. claims the case at the version the user opened (a stale version is a StaleEditError, and
//      nothing is saved),
//   2. appends events to the case's timeline and moves the standards' clocks,
//   3. queues the resident's notification in the outbox, and audits the change.
import type { Updateable } from 'kysely';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import type { CasesTable } from '../../platform/db/schema.js';
import { UUID, type CaseMilestone } from '../charter/model.js';
import { getWorkingCalendar, type WorkingCalendar } from '../calendar/service.js';
import { applyMilestone, extendClock, pauseClocks, recordOf, resumeClocks, voidClocks, type CaseClock, type ClockRecord } from './clocks.js';
import { notifyResident } from './notify.js';
import { parseReference } from './reference.js';
import * as store from './store.js';
import type { CaseRow, NewEvent } from './store.js';
import { findStatus, isFinished, statusOf, VOID_CATEGORIES, type Workflow, type WorkflowStatus } from './workflow/model.js';

type CaseUpdate = Partial<Pick<Updateable<CasesTable>, 'status' | 'status_category' | 'resolved_at' | 'closed_at' | 'team_id' | 'assignee_id' | 'duplicate_of'>>;

/** Who is acting, when, and the public address of the site (for links in notifications). */
export interface CaseContext {
  db: Db;
  actor: Actor;
  now: Date;
  publicUrl: string;
}

export class CaseNotFound extends Error {}

/** The longest note, update or message a case takes. */
export const MAX_TEXT = 5000;

/** One change to one case: collects events and clock moves, then writes them together. */
export class CaseChange {
  readonly events: NewEvent[] = [];
  /** The ids of `events`, in order, once saved. */
  eventIds: string[] = [];
  private readonly moved = new Map<string, CaseClock>();
  private readonly columns: CaseUpdate = {};

  constructor(
    readonly trx: Db,
    readonly ctx: CaseContext,
    readonly kase: CaseRow,
    readonly workflow: Workflow,
    private current: CaseClock[],
  ) {}

  get clocks(): readonly CaseClock[] {
    return this.current;
  }

  get status(): WorkflowStatus {
    return statusOf(this.workflow, (this.columns.status) ?? this.kase.status);
  }

  /** Adds an event to the timeline; returns its index in `events` (its id is `eventIds[index]` once saved). */
  record(type: string, detail: Record<string, unknown> = {}, visibility: { public?: boolean } = {}): number {
    return this.events.push({ type, at: this.ctx.now, actor: this.ctx.actor, public: visibility.public ?? false, detail }) - 1;
  }

  set(columns: CaseUpdate): void {
    Object.assign(this.columns, columns);
  }

  moveClocks(changed: CaseClock[]): void {
    for (const clock of changed) this.moved.set(clock.standardId, clock);
    this.current = this.current.map((c) => this.moved.get(c.standardId) ?? c);
  }

  milestone(milestone: CaseMilestone): void {
    this.moveClocks(applyMilestone(this.current, milestone, this.ctx.now));
  }

  clock(standardId: string): CaseClock | undefined {
    return this.current.find((c) => c.standardId === standardId);
  }

  /** Set while a case is being raised: its clocks are written for the first time, in one insert. */
  newClocks = false;
  /** Names a notification would otherwise look up, when the caller has them already. */
  names?: { service: string; requestType: string };
  private working?: Promise<WorkingCalendar>;

  /** The council's working calendar, read once per change. */
  workingCalendar(): Promise<WorkingCalendar> {
    return (this.working ??= getWorkingCalendar(this.trx));
  }

  /** Writes the case's columns, the moved clocks (recording met or missed) and the events. */
  async save(): Promise<void> {
    if (Object.keys(this.columns).length) await this.trx.updateTable('cases').set(this.columns).where('id', '=', this.kase.id).execute();
    if (this.newClocks && this.current.length) {
      const working = await this.workingCalendar();
      await store.insertClocks(this.trx, this.kase.id, this.current.map((clock) => ({ clock, record: this.recordClock(working, clock) })), working.version.id);
    } else if (this.moved.size) {
      const working = await this.workingCalendar();
      for (const clock of this.moved.values()) await store.updateClock(this.trx, this.kase.id, clock, this.recordClock(working, clock), working.version.id);
    }
    this.eventIds = await store.insertEvents(this.trx, this.kase.id, this.events);
  }

  /** A clock's stored state; a clock that has just stopped puts its met or missed on the timeline. */
  private recordClock(working: WorkingCalendar, clock: CaseClock): ClockRecord {
    const record = recordOf(working.calendar, clock, this.ctx.now);
    if (record.outcome === 'met' || record.outcome === 'missed') {
      this.record(`standard_${record.outcome}`, { standardId: clock.standardId, standard: clock.sentence, dueAt: record.dueAt?.toISOString() });
    }
    return record;
  }
}

/**
 * Runs `work` on the case at `expectedVersion` (undefined: whatever version it is now, for a
 * resident or a system that cannot know it) and saves what it changed, all in one transaction.
 */
export async function changeCase<T>(ctx: CaseContext, reference: string, expectedVersion: number | undefined, action: string, work: (change: CaseChange) => Promise<T> | T): Promise<T> {
  return inTransaction(ctx.db, async (trx) => {
    const kase = await store.claimCase(trx, reference, expectedVersion, ctx.now);
    if (!kase) {
      if (await store.selectCase(trx, { reference })) throw new StaleEditError('This case changed since you opened it');
      throw new CaseNotFound(reference);
    }
    const workflow = await store.selectWorkflow(trx, kase.workflowCode);
    const change = new CaseChange(trx, { ...ctx, db: trx }, kase, workflow, await store.selectClocks(trx, kase.id));
    const result = await work(change);
    await change.save();
    await recordAudit(trx, ctx.actor, { action, subjectType: 'case', subjectId: kase.id, detail: { reference, events: change.events.map((e) => e.type) } });
    return result;
  });
}

/**
 * Puts an event on a case's timeline without changing the case: another record concerns it (a
 * complaint made about it). The event names itself (detail.title) for the case page.
 */
export async function noteOnCase(db: Db, caseId: string, event: NewEvent): Promise<void> {
  await store.insertEvents(db, caseId, [event]);
}

function text(value: string | undefined, field: string, missing: string | null): string {
  const trimmed = (value ?? '').trim();
  if (!trimmed && missing) throw new InvalidInput([{ field, message: missing }]);
  if (trimmed.length > MAX_TEXT) throw new InvalidInput([{ field, message: `Must be ${MAX_TEXT} characters or fewer` }]);
  return trimmed;
}

/** Moves the case to `to` within the change: clocks, timestamps, the timeline and the resident’s notification (complaints moves its cases through here too). */
export async function moveTo(change: CaseChange, to: string, options: { message?: string; reason?: string }): Promise<void> {
  const from = change.status;
  const target = findStatus(change.workflow, to);
  if (!target || !from.next.includes(to)) {
    throw new InvalidInput([{ field: 'status', message: target ? `A case that is ${from.name.toLowerCase()} cannot be moved to ${target.name.toLowerCase()}` : 'Choose a status from the list' }]);
  }
  const message = text(options.message, 'message', target.category === 'waiting' ? 'Enter what you need from the customer' : null);
  const reason = text(options.reason, 'reason', null);
  const now = change.ctx.now;
  if (from.category === 'waiting' && target.category !== 'waiting') change.moveClocks(resumeClocks(change.clocks, now));
  if (target.category === 'waiting') change.moveClocks(pauseClocks(change.clocks, now, message));
  if (target.milestone) change.milestone(target.milestone);
  if (VOID_CATEGORIES.includes(target.category)) change.moveClocks(voidClocks(change.clocks));
  change.set({
    status: target.code,
    status_category: target.category,
    resolved_at: target.category === 'resolved' ? now : target.category === 'closed' ? (change.kase.resolvedAt ?? now) : null,
    closed_at: target.category === 'closed' ? now : null,
  });
  change.record('status_changed', { from: from.code, to: target.code, fromName: from.publicName, toName: target.publicName, ...(reason && { reason }) }, { public: true });
  if (message) change.record('public_update', { message }, { public: true });
  // Acknowledging and finishing the work are the moments to ask how we did (insight/ratings).
  const ratingPurpose = target.milestone === 'acknowledged' ? 'acknowledgement' : target.category === 'resolved' || target.category === 'closed' ? 'closure' : undefined;
  if (target.notify) await notifyResident(change, target.notify, { message, status: target.publicName, ...(ratingPurpose && { ratingPurpose }) });
}

export interface StatusChange {
  reference: string;
  expectedVersion: number;
  to: string;
  /** Shown to the resident (and sent to them); required when asking them for information. */
  message?: string;
  /** Internal: why the status changed. */
  reason?: string;
}

export function changeStatus(ctx: CaseContext, input: StatusChange): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'case.status_changed', (change) => {
    const target = findStatus(change.workflow, input.to);
    // A managed status records more than the move (a complaint's response and its letter): only its own page sets it.
    if (target?.managed && change.workflow.managedBy) throw new InvalidInput([{ field: 'status', message: `Use the ${change.workflow.managedBy.name} to move this case to ${target.name.toLowerCase()}` }]);
    return moveTo(change, input.to, input);
  });
}

export interface NoteInput {
  reference: string;
  expectedVersion: number;
  text: string;
  /** A public update reaches the resident; an internal note never does. */
  public: boolean;
}

export function addNote(ctx: CaseContext, input: NoteInput): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, input.public ? 'case.public_update' : 'case.note_added', async (change) => {
    const body = text(input.text, 'text', input.public ? 'Enter the update for the customer' : 'Enter the note');
    if (input.public) {
      change.record('public_update', { message: body }, { public: true });
      await notifyResident(change, 'case.public_update', { message: body });
    } else {
      change.record('note', { text: body });
    }
  });
}

export interface AssignInput {
  teamId: string | null;
  assigneeId: string | null;
}

async function assignWithin(change: CaseChange, input: AssignInput): Promise<void> {
  const { trx, kase } = change;
  // An id that cannot be one would reach SQL as a type error: it is a choice not from the list.
  if (input.teamId && !UUID.test(input.teamId)) throw new InvalidInput([{ field: 'teamId', message: 'Choose a team from the list' }]);
  if (input.assigneeId && !UUID.test(input.assigneeId)) throw new InvalidInput([{ field: 'assigneeId', message: 'Choose a person from the list' }]);
  const team = input.teamId ? await trx.selectFrom('team').select(['id', 'name']).where('id', '=', input.teamId).executeTakeFirst() : null;
  if (input.teamId && !team) throw new InvalidInput([{ field: 'teamId', message: 'Choose a team from the list' }]);
  const assignee = input.assigneeId ? await trx.selectFrom('staff_user').select(['id', 'display_name']).where('id', '=', input.assigneeId).where('active', '=', true).executeTakeFirst() : null;
  if (input.assigneeId && !assignee) throw new InvalidInput([{ field: 'assigneeId', message: 'Choose a person from the list' }]);
  if (kase.teamId === (team?.id ?? null) && kase.assigneeId === (assignee?.id ?? null)) return;
  change.set({ team_id: team?.id ?? null, assignee_id: assignee?.id ?? null });
  change.record('assigned', { teamId: team?.id ?? null, team: team?.name ?? null, assigneeId: assignee?.id ?? null, assignee: assignee?.display_name ?? null });
  if (assignee) change.milestone('assigned');
}

export function assignCase(ctx: CaseContext, input: AssignInput & { reference: string; expectedVersion: number }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'case.assigned', (change) => assignWithin(change, input));
}

/** Assigns several cases from a queue at once. Assigning is the same whatever the case's version, so no version check. */
export async function assignCases(ctx: CaseContext, input: AssignInput & { references: string[] }): Promise<number> {
  if (!input.references.length) throw new InvalidInput([{ field: 'references', message: 'Select at least one case' }]);
  return inTransaction(ctx.db, async (trx) => {
    for (const reference of input.references) {
      await changeCase({ ...ctx, db: trx }, reference, undefined, 'case.assigned', (change) => assignWithin(change, input));
    }
    return input.references.length;
  });
}

export interface ExtensionInput {
  reference: string;
  expectedVersion: number;
  standardId: string;
  /** In the standard's own unit (working days, say). */
  by: number;
  reason: string;
}

export function extendStandard(ctx: CaseContext, input: ExtensionInput): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'case.standard_extended', (change) => {
    const clock = change.clock(input.standardId);
    if (!clock) throw new InvalidInput([{ field: 'standardId', message: 'Choose a standard that applies to this case' }]);
    if (!Number.isInteger(input.by) || input.by < 1) throw new InvalidInput([{ field: 'by', message: 'Enter the extension as a whole number, like 5' }]);
    const reason = text(input.reason, 'reason', 'Enter the reason for the extension');
    change.moveClocks([extendClock(clock, change.ctx.now, input.by, reason)]);
    change.record('standard_extended', { standardId: clock.standardId, standard: clock.sentence, by: input.by, unit: clock.rule.unit, reason });
  });
}

export function recordVisit(ctx: CaseContext, input: { reference: string; expectedVersion: number; note?: string }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'case.visited', (change) => {
    const note = text(input.note, 'note', null);
    change.milestone('visited');
    change.record('visited', note ? { note } : {});
  });
}

/** Links the case as a duplicate of another (an earlier report of the same problem) and closes it as such. */
export function markDuplicate(ctx: CaseContext, input: { reference: string; expectedVersion: number; of: string; message?: string }): Promise<void> {
  return changeCase(ctx, input.reference, input.expectedVersion, 'case.marked_duplicate', async (change) => {
    const parsed = parseReference(input.of);
    if (!parsed.ok) throw new InvalidInput([{ field: 'of', message: parsed.message }]);
    const original = await findOriginal(change.trx, parsed.reference);
    if (!original) throw new InvalidInput([{ field: 'of', message: 'Enter the reference of a case that exists, like HN4K-7PQ2' }]);
    if (original.id === change.kase.id) throw new InvalidInput([{ field: 'of', message: 'A case cannot be a duplicate of itself' }]);
    const target = change.workflow.statuses.find((s) => s.category === 'duplicate' && change.status.next.includes(s.code));
    if (!target) throw new InvalidInput([{ field: 'of', message: `A case that is ${change.status.name.toLowerCase()} cannot be marked as a duplicate` }]);
    await moveTo(change, target.code, { message: input.message });
    change.set({ duplicate_of: original.id });
    change.record('marked_duplicate', { of: original.reference }, { public: true });
    await store.insertEvents(change.trx, original.id, [{ type: 'duplicate_linked', at: ctx.now, actor: ctx.actor, detail: { duplicate: change.kase.reference } }]);
  });
}

/** The case a duplicate should point at: the original of a duplicate, never a chain. */
async function findOriginal(db: Db, reference: string): Promise<CaseRow | undefined> {
  const found = await store.selectCase(db, { reference });
  if (found?.duplicateOf) return store.selectCase(db, { id: found.duplicateOf });
  return found;
}

export interface CustomerInformation {
  reference: string;
  message: string;
  channel: string;
  /** Who sent it, when a client system passes it on for someone (Open311). */
  from?: string;
  /** Anything else to keep with it (a client system's own update id, the status it asked for). */
  detail?: Record<string, unknown>;
  /**
   * A resident cannot add to a finished request (they are told to contact us); a client system's
   * update on one is still recorded, for staff to read.
   */
  onFinished?: 'refuse' | 'record';
}

/**
 * The resident adds information (from the tracking page, by replying to an email, or through an
 * Open311 client). If the case was waiting for them, it goes back to work and its clocks resume.
 * Returns the id of the customer_update event.
 */
export async function addCustomerInformation(ctx: CaseContext, input: CustomerInformation): Promise<string> {
  let added: { change: CaseChange; index: number } | undefined;
  await changeCase(ctx, input.reference, undefined, 'case.customer_information_added', async (change) => {
    const message = text(input.message, 'message', 'Enter the information you want to add');
    if (isFinished(change.status) && input.onFinished !== 'record') throw new InvalidInput([{ field: 'message', message: 'This request is closed. Contact us if you need to tell us more.' }]);
    const detail = { ...input.detail, message, channel: input.channel, ...(input.from && { from: input.from }) };
    added = { change, index: change.record('customer_update', detail, { public: true }) };
    if (change.status.category === 'waiting') {
      const back = change.workflow.statuses.find((s) => s.category === 'open' && change.status.next.includes(s.code));
      if (back) await moveTo(change, back.code, { reason: 'The customer sent the information asked for' });
    }
  });
  return added!.change.eventIds[added!.index]!;
}
