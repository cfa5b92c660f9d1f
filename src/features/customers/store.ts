// SQL for customer records. The service decides what may happen; this reads and writes.
import { sql, type SqlBool } from 'kysely';
import { inTransaction, type Db } from '../../platform/db/database.js';
import type { CustomerTable } from '../../platform/db/schema.js';
import { searchNameOf, displayName, type AdjustmentKind, type Customer, type CustomerData, type CustomerKind, type CustomerMatch, type MatchedOn } from './model.js';

// ---- one customer

function columnsOf(data: CustomerData): Omit<CustomerTable, 'id' | 'notes' | 'version' | 'merged_into' | 'created_at' | 'updated_at'> & { notes: string } {
  return {
    kind: data.kind,
    title: data.title,
    given_name: data.givenName,
    family_name: data.familyName,
    organisation_name: data.organisationName,
    display_name: displayName(data),
    search_name: searchNameOf(data),
    address: data.address,
    postcode: data.postcode,
    uprn: data.uprn,
    preferred_channel: data.preferredChannel,
    preferred_language: data.preferredLanguage,
    safety_note: data.safetyNote,
    notes: data.notes,
  };
}

export async function insertCustomer(db: Db, data: CustomerData, now: Date): Promise<string> {
  const row = await db
    .insertInto('customer')
    .values({ ...columnsOf(data), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await syncDetails(db, row.id, data);
  return row.id;
}

/**
 * Saves new details over the record at `expectedVersion`, moving it on one version; false when
 * the version has moved (someone else saved first) or the record was merged away.
 */
export async function updateCustomer(db: Db, id: string, expectedVersion: number, data: CustomerData, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('customer')
    .set({ ...columnsOf(data), updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('merged_into', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await syncDetails(db, id, data);
  return true;
}

/**
 * Makes the customer's emails, phones and adjustments those in `data`, keeping the rows that
 * stay (so their ids, which a merge records, still mean the same thing) and their order.
 */
async function syncDetails(db: Db, customerId: string, data: CustomerData): Promise<void> {
  const [emails, phones, adjustments] = await Promise.all([
    db.selectFrom('customer_email').select(['id', 'email']).where('customer_id', '=', customerId).execute(),
    db.selectFrom('customer_phone').select(['id', 'number']).where('customer_id', '=', customerId).execute(),
    db.selectFrom('customer_adjustment').select(['id', 'kind']).where('customer_id', '=', customerId).execute(),
  ]);
  const goneEmails = emails.filter((e) => !data.emails.includes(e.email)).map((e) => e.id);
  const gonePhones = phones.filter((p) => !data.phones.some((n) => n.number === p.number)).map((p) => p.id);
  const goneAdjustments = adjustments.filter((a) => !data.adjustments.some((n) => n.kind === a.kind)).map((a) => a.id);
  if (goneEmails.length) await db.deleteFrom('customer_email').where('id', 'in', goneEmails).execute();
  if (gonePhones.length) await db.deleteFrom('customer_phone').where('id', 'in', gonePhones).execute();
  if (goneAdjustments.length) await db.deleteFrom('customer_adjustment').where('id', 'in', goneAdjustments).execute();

  for (const [position, email] of data.emails.entries()) {
    const kept = emails.find((e) => e.email === email);
    if (kept) await db.updateTable('customer_email').set({ position }).where('id', '=', kept.id).execute();
    else await db.insertInto('customer_email').values({ customer_id: customerId, email, position }).execute();
  }
  for (const [position, phone] of data.phones.entries()) {
    const kept = phones.find((p) => p.number === phone.number);
    if (kept) await db.updateTable('customer_phone').set({ position, display: phone.display }).where('id', '=', kept.id).execute();
    else await db.insertInto('customer_phone').values({ customer_id: customerId, number: phone.number, display: phone.display, position }).execute();
  }
  for (const [position, adjustment] of data.adjustments.entries()) {
    const kept = adjustments.find((a) => a.kind === adjustment.kind);
    if (kept) await db.updateTable('customer_adjustment').set({ position, detail: adjustment.detail }).where('id', '=', kept.id).execute();
    else await db.insertInto('customer_adjustment').values({ customer_id: customerId, kind: adjustment.kind, detail: adjustment.detail, position }).execute();
  }
}

export async function selectCustomers(db: Db, ids: readonly string[]): Promise<Customer[]> {
  if (!ids.length) return [];
  const [rows, emails, phones, adjustments] = await Promise.all([
    db.selectFrom('customer').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('customer_email').select(['id', 'customer_id', 'email', 'label']).where('customer_id', 'in', ids).orderBy('position').orderBy('id').execute(),
    db.selectFrom('customer_phone').select(['id', 'customer_id', 'number', 'display', 'label']).where('customer_id', 'in', ids).orderBy('position').orderBy('id').execute(),
    db.selectFrom('customer_adjustment').select(['id', 'customer_id', 'kind', 'detail']).where('customer_id', 'in', ids).orderBy('position').orderBy('id').execute(),
  ]);
  const byId = new Map(
    rows.map((r): [string, Customer] => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        title: r.title,
        givenName: r.given_name,
        familyName: r.family_name,
        organisationName: r.organisation_name,
        displayName: r.display_name,
        address: r.address,
        postcode: r.postcode,
        uprn: r.uprn,
        preferredChannel: r.preferred_channel,
        preferredLanguage: r.preferred_language,
        safetyNote: r.safety_note,
        notes: r.notes,
        emails: emails.filter((e) => e.customer_id === r.id).map((e) => ({ id: e.id, email: e.email, label: e.label })),
        phones: phones.filter((p) => p.customer_id === r.id).map((p) => ({ id: p.id, number: p.number, display: p.display, label: p.label })),
        adjustments: adjustments.filter((a) => a.customer_id === r.id).map((a) => ({ id: a.id, kind: a.kind, detail: a.detail })),
        mergedInto: r.merged_into,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Locks the records (in id order, so two merges of the same pair cannot deadlock). */
export async function lockCustomers(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('customer')
    .select(['id', 'merged_into', 'display_name', 'safety_note', 'version'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
}

// ---- matches (search results and possible duplicates)

/** A match's columns: the first email and phone, and whether the badges show. */
export function matchQuery(db: Db) {
  return db
    .selectFrom('customer as c')
    .select(['c.id', 'c.display_name', 'c.kind', 'c.address', 'c.postcode'])
    .select((eb) => [
      eb.selectFrom('customer_email as e').select('e.email').whereRef('e.customer_id', '=', 'c.id').orderBy('e.position').orderBy('e.id').limit(1).as('email'),
      eb.selectFrom('customer_phone as p').select('p.display').whereRef('p.customer_id', '=', 'c.id').orderBy('p.position').orderBy('p.id').limit(1).as('phone'),
    ])
    .select(sql<boolean>`EXISTS (SELECT 1 FROM customer_adjustment a WHERE a.customer_id = c.id)`.as('has_adjustments'))
    .select(sql<boolean>`c.safety_note IS NOT NULL`.as('safety'))
    .where('c.merged_into', 'is', null);
}

export interface MatchRow {
  id: string;
  display_name: string;
  kind: CustomerKind;
  address: string | null;
  postcode: string | null;
  email: string | null;
  phone: string | null;
  has_adjustments: boolean;
  safety: boolean;
}

export function toMatch(row: MatchRow, matchedOn: MatchedOn): CustomerMatch {
  return {
    id: row.id,
    displayName: row.display_name,
    kind: row.kind,
    address: row.address,
    postcode: row.postcode,
    email: row.email,
    phone: row.phone,
    matchedOn,
    hasAdjustments: row.has_adjustments,
    hasSafetyNote: row.safety,
  };
}

/** Live customers with one of these emails (already normalised). */
export async function matchesByEmail(db: Db, emails: readonly string[], limit: number): Promise<MatchRow[]> {
  if (!emails.length) return [];
  return matchQuery(db)
    .where((eb) => eb.exists(eb.selectFrom('customer_email as m').select('m.id').whereRef('m.customer_id', '=', 'c.id').where('m.email', 'in', [...emails])))
    .orderBy('c.display_name')
    .limit(limit)
    .execute();
}

/** Live customers with one of these phone numbers (E.164). */
export async function matchesByPhone(db: Db, numbers: readonly string[], limit: number): Promise<MatchRow[]> {
  if (!numbers.length) return [];
  return matchQuery(db)
    .where((eb) => eb.exists(eb.selectFrom('customer_phone as m').select('m.id').whereRef('m.customer_id', '=', 'c.id').where('m.number', 'in', [...numbers])))
    .orderBy('c.display_name')
    .limit(limit)
    .execute();
}

export async function matchesByUprn(db: Db, uprn: string, limit: number): Promise<MatchRow[]> {
  return matchQuery(db).where('c.uprn', '=', uprn).orderBy('c.display_name').limit(limit).execute();
}

/** The customers of the case with this reference (normally one). */
export async function matchesByCaseReference(db: Db, reference: string, limit: number): Promise<MatchRow[]> {
  // A join into the cases table rather than a call into the cases feature: search is one query,
  // and only the reference and the customer are read.
  return matchQuery(db)
    .where((eb) => eb.exists(eb.selectFrom('cases as k').select('k.id').whereRef('k.customer_id', '=', 'c.id').where('k.reference', '=', reference)))
    .limit(limit)
    .execute();
}

/**
 * How close a name is to the query, 0 to 1: the better of word similarity (the query is part of
 * the name: "smi" in "john smith") and whole-name similarity (a typo: "jon smth").
 */
const nameScore = (query: string) => sql<number>`greatest(word_similarity(${query}, c.search_name), similarity(${query}, c.search_name))`;

/**
 * Which names a name step accepts (`query` is already through searchName):
 * - `words`: every word of the query begins a word of the name, in any order ("oli smit" finds
 *   Oliver Smith). Served by the trigram index through `LIKE '%word%'` for the words of three
 *   letters or more (shorter ones make no trigram; a query with none such cannot use this step);
 *   the word start is checked on the few rows the index leaves.
 * - `part`: pg_trgm word similarity (`<%`: the query is most of some part of the name).
 * - `whole`: whole-name similarity (`%`, over 0.3: forgives two typos in a short name, "jon smth").
 * - `either`: `part` or `whole` in one query (the duplicate check's breadth; the slowest).
 */
export type NameStep = 'words' | 'part' | 'whole' | 'either';

/** Query words usable by the `words` step: at least one must have three letters or more. */
export function indexableWords(query: string): string[] {
  const words = query.split(' ').filter(Boolean);
  return words.some((w) => w.length >= 3) ? words : [];
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
const regexEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, (ch) => `\\${ch}`);

function nameCondition(query: string, step: NameStep) {
  switch (step) {
    case 'words':
      return sql<SqlBool>`${sql.join(
        indexableWords(query).flatMap((word) => [
          ...(word.length >= 3 ? [sql<SqlBool>`c.search_name LIKE ${`%${likeEscape(word)}%`}`] : []),
          sql<SqlBool>`c.search_name ~ ${`(^|[^[:alnum:]])${regexEscape(word)}`}`,
        ]),
        sql` AND `,
      )}`;
    case 'part':
      return sql<SqlBool>`${query} <% c.search_name`;
    case 'whole':
      return sql<SqlBool>`${query} % c.search_name`;
    case 'either':
      return sql<SqlBool>`(${query} <% c.search_name OR ${query} % c.search_name)`;
  }
}

/**
 * Names like `query`, best first, by one step (above) or, with a postcode, any name at that
 * postcode sharing a trigram. `<%`, `%` and `LIKE` are all served by the partial GIN index
 * customer_search_name_trgm, which is why `merged_into IS NULL` must stay in the WHERE.
 * Only the first `candidates` rows the index yields are scored: a common name ("smit": over a
 * thousand Smiths) otherwise fetched and scored every one of them to show 20, most of the cost.
 * So past that many matches the 20 shown are the best of an arbitrary `candidates`, all of them
 * matches; the `words` step is where that happens, and every one of its matches holds every word.
 * The best `limit` ids are chosen first and only they are joined to their first email and phone:
 * computing those for every candidate cost more than the search.
 */
export async function matchesByName(
  db: Db,
  query: string,
  limit: number,
  options: { postcode?: string | undefined; step?: NameStep; candidates?: number | undefined; threshold?: number | undefined } = {},
): Promise<(MatchRow & { score: number })[]> {
  const { postcode, step = 'either', candidates, threshold } = options;
  if (threshold !== undefined) return withSimilarityThreshold(db, threshold, (trx) => matchesByName(trx, query, limit, { ...options, threshold: undefined }));
  if (step === 'words' && !postcode && !indexableWords(query).length) return [];
  let found = db.selectFrom('customer as c').select(['c.id', 'c.search_name']).where('c.merged_into', 'is', null);
  if (postcode) {
    // The postcode picks a handful of records; the name only ranks them, so a loose name still
    // finds the right house (anything sharing a trigram).
    found = found.where('c.postcode', '=', postcode).where(sql<SqlBool>`${nameScore(query)} > 0`);
  } else {
    found = found.where(nameCondition(query, step));
  }
  if (candidates) found = found.limit(candidates);
  const top = db
    .selectFrom(found.as('c'))
    .select('c.id')
    .select(nameScore(query).as('score'))
    .orderBy('score', 'desc')
    .orderBy('c.id')
    .limit(limit);
  return matchQuery(db)
    .innerJoin(top.as('top'), 'top.id', 'c.id')
    .select('top.score')
    .orderBy('top.score', 'desc')
    .orderBy('c.display_name')
    .execute();
}

const THRESHOLD = 'pg_trgm.similarity_threshold';

/**
 * Runs fn with `%` meaning "similarity over `threshold`" (pg_trgm's default is 0.3). A stricter
 * threshold is not the same as filtering on the score: the GIN index itself then returns far fewer
 * candidates, and rechecking those on the table is what a loose `%` spends its time on. Set for
 * this transaction only and put back, so a caller's own transaction keeps its `%`.
 */
async function withSimilarityThreshold<T>(db: Db, threshold: number, fn: (trx: Db) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<{ previous: string | null }>`SELECT current_setting(${THRESHOLD}, true) AS previous, set_config(${THRESHOLD}, ${String(threshold)}, true)`.execute(trx);
    try {
      return await fn(trx);
    } finally {
      await sql`SELECT set_config(${THRESHOLD}, ${rows[0]?.previous || '0.3'}, true)`.execute(trx);
    }
  });
}

/** Live customers at a postcode (normalised). */
export async function matchesByPostcode(db: Db, postcode: string, limit: number): Promise<MatchRow[]> {
  return matchQuery(db).where('c.postcode', '=', postcode).orderBy('c.display_name').limit(limit).execute();
}

/** Names at least `min` similar to `query` by whole-name similarity (duplicate check), best first. */
export async function matchesBySimilarName(db: Db, query: string, min: number, limit: number): Promise<(MatchRow & { score: number })[]> {
  return matchQuery(db)
    .select(sql<number>`similarity(${query}, c.search_name)`.as('score'))
    .where(sql<SqlBool>`${query} % c.search_name`)
    .where(sql<SqlBool>`similarity(${query}, c.search_name) >= ${min}`)
    .orderBy('score', 'desc')
    .limit(limit)
    .execute();
}

// ---- merge

/** What a merge moved, by table; `skipped*` are the source's rows the target already had. */
export interface MovedRows {
  cases: string[];
  contacts: string[];
  emails: string[];
  phones: string[];
  adjustments: string[];
  skippedEmails: string[];
  skippedPhones: string[];
  skippedAdjustments: string[];
  /** Feedback and ratings (features/insight); absent in merges made before they moved. */
  feedback?: string[];
  ratings?: string[];
  /** The target's staff-safety note before the source's was added to it ([] = it had none; absent = unchanged). */
  targetSafetyNoteBefore?: string[];
}

export async function selectMovableRows(db: Db, sourceId: string, targetId: string): Promise<Omit<MovedRows, 'targetSafetyNoteBefore'>> {
  const [cases, contacts, emails, phones, adjustments, targetEmails, targetPhones, targetAdjustments] = await Promise.all([
    db.selectFrom('cases').select('id').where('customer_id', '=', sourceId).execute(),
    db.selectFrom('contact').select('id').where('customer_id', '=', sourceId).execute(),
    db.selectFrom('customer_email').select(['id', 'email']).where('customer_id', '=', sourceId).execute(),
    db.selectFrom('customer_phone').select(['id', 'number']).where('customer_id', '=', sourceId).execute(),
    db.selectFrom('customer_adjustment').select(['id', 'kind']).where('customer_id', '=', sourceId).execute(),
    db.selectFrom('customer_email').select('email').where('customer_id', '=', targetId).execute(),
    db.selectFrom('customer_phone').select('number').where('customer_id', '=', targetId).execute(),
    db.selectFrom('customer_adjustment').select('kind').where('customer_id', '=', targetId).execute(),
  ]);
  const hasEmail = new Set(targetEmails.map((e) => e.email));
  const hasPhone = new Set(targetPhones.map((p) => p.number));
  const hasKind = new Set<AdjustmentKind>(targetAdjustments.map((a) => a.kind));
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  return {
    cases: ids(cases),
    contacts: ids(contacts),
    emails: ids(emails.filter((e) => !hasEmail.has(e.email))),
    phones: ids(phones.filter((p) => !hasPhone.has(p.number))),
    adjustments: ids(adjustments.filter((a) => !hasKind.has(a.kind))),
    skippedEmails: ids(emails.filter((e) => hasEmail.has(e.email))),
    skippedPhones: ids(phones.filter((p) => hasPhone.has(p.number))),
    skippedAdjustments: ids(adjustments.filter((a) => hasKind.has(a.kind))),
  };
}

/** Moves exactly these rows from `fromId` to `toId` (a row no longer with `fromId` stays where it is). */
export async function moveRows(db: Db, rows: Pick<MovedRows, 'cases' | 'contacts' | 'emails' | 'phones' | 'adjustments'>, fromId: string, toId: string): Promise<void> {
  if (rows.cases.length) await db.updateTable('cases').set({ customer_id: toId }).where('id', 'in', rows.cases).where('customer_id', '=', fromId).execute();
  if (rows.contacts.length) await db.updateTable('contact').set({ customer_id: toId }).where('id', 'in', rows.contacts).where('customer_id', '=', fromId).execute();
  if (rows.emails.length) await db.updateTable('customer_email').set({ customer_id: toId }).where('id', 'in', rows.emails).where('customer_id', '=', fromId).execute();
  if (rows.phones.length) await db.updateTable('customer_phone').set({ customer_id: toId }).where('id', 'in', rows.phones).where('customer_id', '=', fromId).execute();
  if (rows.adjustments.length) await db.updateTable('customer_adjustment').set({ customer_id: toId }).where('id', 'in', rows.adjustments).where('customer_id', '=', fromId).execute();
}

export async function setMergedInto(db: Db, id: string, mergedInto: string | null, now: Date): Promise<void> {
  await db.updateTable('customer').set({ merged_into: mergedInto, updated_at: now, version: sql`version + 1` }).where('id', '=', id).execute();
}

export async function setSafetyNote(db: Db, id: string, note: string | null, now: Date): Promise<void> {
  await db.updateTable('customer').set({ safety_note: note, updated_at: now, version: sql`version + 1` }).where('id', '=', id).execute();
}

export async function insertMerge(db: Db, merge: { sourceId: string; targetId: string; moved: MovedRows; at: Date; by: string }): Promise<string> {
  const row = await db
    .insertInto('customer_merge')
    .values({ source_id: merge.sourceId, target_id: merge.targetId, moved: JSON.stringify(merge.moved), merged_at: merge.at, merged_by_label: merge.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function lockMerge(db: Db, mergeId: string) {
  const row = await db.selectFrom('customer_merge').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
  return row && { ...row, moved: row.moved as unknown as MovedRows };
}

export async function setMergeUndone(db: Db, mergeId: string, at: Date, by: string): Promise<void> {
  await db.updateTable('customer_merge').set({ undone_at: at, undone_by_label: by }).where('id', '=', mergeId).execute();
}

export async function selectLiveMergesInto(db: Db, targetId: string) {
  const rows = await db
    .selectFrom('customer_merge as m')
    .innerJoin('customer as s', 's.id', 'm.source_id')
    .select(['m.id', 'm.source_id', 'm.moved', 'm.merged_at', 'm.merged_by_label', 's.display_name as source_name'])
    .where('m.target_id', '=', targetId)
    .where('m.undone_at', 'is', null)
    .orderBy('m.merged_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, moved: r.moved as unknown as MovedRows }));
}
