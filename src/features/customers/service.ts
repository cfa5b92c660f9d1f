// What staff can do with customer records. Every change is one transaction with its audit event,
// and every view of a record is audited too (who saw whose details), as the council's data
// protection officer will ask.
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { UUID } from '../charter/model.js';
import {
  customerSchema,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  searchNameOf,
  type Customer,
  type CustomerData,
  type CustomerInput,
  type CustomerMatch,
} from './model.js';
import * as store from './store.js';
import type { MovedRows } from './store.js';
import { customerExperienceIds, moveCustomerExperience } from '../insight/service.js';

export type { Customer, CustomerInput, CustomerMatch } from './model.js';
export { searchCustomers } from './search.js';

/** Who is acting and when. */
export interface CustomerContext {
  db: Db;
  actor: Actor;
  now: Date;
}

export class CustomerNotFound extends Error {}

/** Checks and normalises a customer's details; InvalidInput with a field-level message per mistake. */
export function checkCustomer(input: CustomerInput): CustomerData {
  const parsed = customerSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  // Field names as the schema's paths: "emails.1", "phones.0", "adjustments.interpreter", "postcode".
  throw new InvalidInput(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'form', message: i.message })));
}

export async function createCustomer(ctx: CustomerContext, input: CustomerInput): Promise<Customer> {
  const data = checkCustomer(input);
  return inTransaction(ctx.db, async (trx) => {
    const id = await store.insertCustomer(trx, data, ctx.now);
    await recordAudit(trx, ctx.actor, { action: 'customer.created', subjectType: 'customer', subjectId: id });
    return mustGet(trx, id);
  });
}

/**
 * Saves new details over the record the user opened at `expectedVersion`; a StaleEditError (and
 * nothing saved) when someone else saved it meanwhile or it was merged into another record.
 */
export async function updateCustomer(ctx: CustomerContext, id: string, expectedVersion: number, input: CustomerInput): Promise<Customer> {
  const data = checkCustomer(input);
  return inTransaction(ctx.db, async (trx) => {
    if (!(await store.updateCustomer(trx, id, expectedVersion, data, ctx.now))) {
      const [current] = UUID.test(id) ? await store.selectCustomers(trx, [id]) : [];
      if (!current) throw new CustomerNotFound(id);
      throw new StaleEditError(current.mergedInto ? 'This customer was merged into another record since you opened it' : 'This customer’s record changed since you opened it');
    }
    await recordAudit(trx, ctx.actor, { action: 'customer.updated', subjectType: 'customer', subjectId: id, detail: { version: expectedVersion + 1 } });
    return mustGet(trx, id);
  });
}

/**
 * The customer's record for someone to look at: audited as 'customer.viewed'. A record merged
 * away comes back with `mergedInto` set, so the page can send the user to the one kept.
 */
export async function viewCustomer(ctx: CustomerContext, id: string): Promise<Customer | undefined> {
  const customer = await getCustomer(ctx.db, id);
  if (customer) await recordAudit(ctx.db, ctx.actor, { action: 'customer.viewed', subjectType: 'customer', subjectId: id });
  return customer;
}

/**
 * The record WITHOUT an audit event: for internal use only (prefilling a form with details the
 * user is already allowed to see, a case page naming its customer). A page that shows a customer's
 * record must use viewCustomer.
 */
export async function getCustomer(db: Db, id: string): Promise<Customer | undefined> {
  if (!UUID.test(id)) return undefined;
  const [customer] = await store.selectCustomers(db, [id]);
  return customer;
}

/** Several records at once, in the order asked, without audit (for lists that name customers). */
export async function customersByIds(db: Db, ids: readonly string[]): Promise<Customer[]> {
  return store.selectCustomers(db, [...new Set(ids.filter((id) => UUID.test(id)))]);
}

async function mustGet(db: Db, id: string): Promise<Customer> {
  const customer = await getCustomer(db, id);
  if (!customer) throw new CustomerNotFound(id);
  return customer;
}

const SUGGESTIONS = 10;
/** Whole-name similarity that counts as "the same name, give or take a typo" with no other evidence. */
const VERY_SIMILAR = 0.6;

/**
 * Records that may be the same customer, before creating a new one: same email, same phone, same
 * UPRN, the same postcode with a similar name, or a very similar name. Lenient: details that do
 * not check out are ignored here (the form says what is wrong with them).
 */
export async function suggestMatches(db: Db, input: Partial<CustomerInput>): Promise<CustomerMatch[]> {
  const emails = (input.emails ?? []).map(normaliseEmail).filter((e) => e.includes('@'));
  const phones = (input.phones ?? []).flatMap((p) => normalisePhone(p)?.number ?? []);
  const uprn = input.uprn?.trim().replace(/^0+(?=\d)/, '');
  const postcode = input.postcode ? normalisePostcode(input.postcode) : undefined;
  const name = searchNameOf({ ...input, kind: input.kind ?? 'person' });
  const [byEmail, byPhone, byUprn, byPostcode, byName] = await Promise.all([
    store.matchesByEmail(db, emails, SUGGESTIONS),
    store.matchesByPhone(db, phones, SUGGESTIONS),
    uprn && /^\d{1,12}$/.test(uprn) ? store.matchesByUprn(db, uprn, SUGGESTIONS) : [],
    postcode && name ? store.matchesByName(db, name, SUGGESTIONS, { postcode }) : [],
    name.length >= 3 ? store.matchesBySimilarName(db, name, VERY_SIMILAR, SUGGESTIONS) : [],
  ]);
  const found = new Map<string, CustomerMatch>();
  const add = (rows: store.MatchRow[], on: CustomerMatch['matchedOn']) => rows.forEach((r) => found.has(r.id) || found.set(r.id, store.toMatch(r, on)));
  // The strongest evidence first: an email or phone is personal, a UPRN is a household.
  add(byEmail, 'email');
  add(byPhone, 'phone');
  add(byUprn, 'uprn');
  add(byPostcode.filter((r) => r.score >= 0.3), 'postcode');
  add(byName, 'name');
  return [...found.values()].slice(0, SUGGESTIONS);
}

// ---- merging duplicates

export interface MergeRequest {
  /** The duplicate, which goes. */
  sourceId: string;
  /** The record kept. */
  targetId: string;
}

/**
 * Moves everything of the duplicate (its cases, contacts, emails, phones, adjustments) to the
 * record kept, in one transaction, and marks the duplicate merged. What the target already has
 * (the same email, phone or kind of adjustment) stays with the duplicate and is recorded as
 * skipped. A staff-safety note is never lost: the duplicate's is added to the kept record's.
 * `customer_merge.moved` lists every row moved, so `undoMerge` can move exactly those back.
 */
export async function mergeCustomers(ctx: CustomerContext, request: MergeRequest): Promise<{ mergeId: string }> {
  const { sourceId, targetId } = request;
  if (sourceId === targetId) throw new InvalidInput([{ field: 'targetId', message: 'Choose a different record: a customer cannot be merged into itself' }]);
  if (!UUID.test(sourceId) || !UUID.test(targetId)) throw new CustomerNotFound(UUID.test(sourceId) ? targetId : sourceId);
  return inTransaction(ctx.db, async (trx) => {
    const locked = await store.lockCustomers(trx, [sourceId, targetId]);
    const source = locked.find((c) => c.id === sourceId);
    const target = locked.find((c) => c.id === targetId);
    if (!source) throw new CustomerNotFound(sourceId);
    if (!target) throw new CustomerNotFound(targetId);
    if (source.merged_into) throw new InvalidInput([{ field: 'sourceId', message: `${source.display_name} has already been merged into another record` }]);
    if (target.merged_into) throw new InvalidInput([{ field: 'targetId', message: `${target.display_name} has been merged into another record: merge into that record instead` }]);

    const moved: MovedRows = { ...(await store.selectMovableRows(trx, sourceId, targetId)), ...(await customerExperienceIds(trx, sourceId)) };
    await store.moveRows(trx, moved, sourceId, targetId);
    await moveCustomerExperience(trx, { feedback: moved.feedback ?? [], ratings: moved.ratings ?? [] }, sourceId, targetId);
    const note = combinedSafetyNote(target.safety_note, source.safety_note);
    if (note !== target.safety_note) {
      moved.targetSafetyNoteBefore = target.safety_note === null ? [] : [target.safety_note];
      await store.setSafetyNote(trx, targetId, note, ctx.now);
    }
    await store.setMergedInto(trx, sourceId, targetId, ctx.now);
    const mergeId = await store.insertMerge(trx, { sourceId, targetId, moved, at: ctx.now, by: ctx.actor.label });
    const detail = { mergeId, sourceId, targetId, moved: counts(moved) };
    await recordAudit(trx, ctx.actor, { action: 'customer.merged', subjectType: 'customer', subjectId: sourceId, detail });
    await recordAudit(trx, ctx.actor, { action: 'customer.merged', subjectType: 'customer', subjectId: targetId, detail });
    return { mergeId };
  });
}

function combinedSafetyNote(target: string | null, source: string | null): string | null {
  if (!source || source === target || target?.includes(source)) return target;
  return target ? `${target}\n\n${source}` : source;
}

const counts = (moved: MovedRows) => Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, (v as string[]).length]));

/**
 * Undoes a merge: exactly the rows it moved go back to the duplicate (rows added to the kept
 * record since stay), the duplicate is live again, and the merge is marked undone.
 */
export async function undoMerge(ctx: CustomerContext, mergeId: string): Promise<void> {
  if (!UUID.test(mergeId)) throw new InvalidInput([{ field: 'mergeId', message: 'That merge does not exist' }]);
  await inTransaction(ctx.db, async (trx) => {
    const merge = await store.lockMerge(trx, mergeId);
    if (!merge) throw new InvalidInput([{ field: 'mergeId', message: 'That merge does not exist' }]);
    if (merge.undone_at) throw new InvalidInput([{ field: 'mergeId', message: 'That merge has already been undone' }]);
    const locked = await store.lockCustomers(trx, [merge.source_id, merge.target_id]);
    const target = locked.find((c) => c.id === merge.target_id);
    if (target?.merged_into) {
      throw new InvalidInput([{ field: 'mergeId', message: `${target.display_name} has since been merged into another record: undo that merge first` }]);
    }
    await store.moveRows(trx, merge.moved, merge.target_id, merge.source_id);
    await moveCustomerExperience(trx, { feedback: merge.moved.feedback ?? [], ratings: merge.moved.ratings ?? [] }, merge.target_id, merge.source_id);
    const before = merge.moved.targetSafetyNoteBefore;
    if (before) await store.setSafetyNote(trx, merge.target_id, before[0] ?? null, ctx.now);
    await store.setMergedInto(trx, merge.source_id, null, ctx.now);
    await store.setMergeUndone(trx, mergeId, ctx.now, ctx.actor.label);
    const detail = { mergeId, sourceId: merge.source_id, targetId: merge.target_id };
    await recordAudit(trx, ctx.actor, { action: 'customer.merge_undone', subjectType: 'customer', subjectId: merge.source_id, detail });
    await recordAudit(trx, ctx.actor, { action: 'customer.merge_undone', subjectType: 'customer', subjectId: merge.target_id, detail });
  });
}

export interface MergeSummary {
  id: string;
  sourceId: string;
  sourceName: string;
  mergedAt: Date;
  mergedBy: string;
  /** Rows moved by kind: cases, contacts, emails, phones, adjustments. */
  moved: { cases: number; contacts: number; emails: number; phones: number; adjustments: number };
}

/** Merges into this record that can still be undone, newest first (for the single view). */
export async function listMerges(db: Db, customerId: string): Promise<MergeSummary[]> {
  if (!UUID.test(customerId)) return [];
  const rows = await store.selectLiveMergesInto(db, customerId);
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    mergedAt: r.merged_at,
    mergedBy: r.merged_by_label,
    moved: { cases: r.moved.cases.length, contacts: r.moved.contacts.length, emails: r.moved.emails.length, phones: r.moved.phones.length, adjustments: r.moved.adjustments.length },
  }));
}
