// Finding a customer from whatever the advisor has in front of them: a case reference, an email
// address, a phone number in any format, a postcode, a name with typos or only part of it, or a
// name and a postcode together ("Smith LE1 5FQ"). The query says which it is; each kind is one
// indexed query. Merged-away records never appear (every query keeps `merged_into IS NULL`).
import { parseReference } from '../cases/reference.js';
import type { Db } from '../../platform/db/database.js';
import { normaliseEmail, normalisePhone, normalisePostcode, searchName, type CustomerMatch } from './model.js';
import * as store from './store.js';

export const DEFAULT_LIMIT = 20;
const MAX_QUERY = 200;

export type QueryKind =
  | { kind: 'reference'; reference: string }
  | { kind: 'email'; email: string }
  | { kind: 'phone'; number: string }
  | { kind: 'postcode'; postcode: string }
  | { kind: 'name'; name: string; postcode?: string }
  | { kind: 'empty' };

const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-?[2-9A-HJ-NP-Z]{4}$/i;
// A postcode at the end of a longer query: "smith le1 5fq", "smith LE15FQ".
const TRAILING_POSTCODE = /\s+([A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})$/;

/** What the advisor typed, classified (pure: exported for tests and for the page's wording). */
export function classifyQuery(raw: string): QueryKind {
  const query = raw.trim().slice(0, MAX_QUERY);
  if (!query) return { kind: 'empty' };
  if (REFERENCE.test(query)) {
    // Eight letters can be a name too ("HAMPSHAW"): only a valid check character makes it a reference.
    const parsed = parseReference(query);
    if (parsed.ok) return { kind: 'reference', reference: parsed.reference };
  }
  if (query.includes('@')) return { kind: 'email', email: normaliseEmail(query) };
  if ((query.match(/\d/g) ?? []).length >= 7) {
    const phone = normalisePhone(query);
    if (phone) return { kind: 'phone', number: phone.number };
  }
  const postcode = normalisePostcode(query);
  if (postcode) return { kind: 'postcode', postcode };
  const trailing = TRAILING_POSTCODE.exec(query);
  const withPostcode = trailing && normalisePostcode(trailing[1] ?? '');
  if (trailing && withPostcode) return { kind: 'name', name: searchName(query.slice(0, trailing.index)), postcode: withPostcode };
  return { kind: 'name', name: searchName(query) };
}

/** Customers matching the query, best first; at most `limit` (20). */
export async function searchCustomers(db: Db, query: string, options: { limit?: number } = {}): Promise<CustomerMatch[]> {
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_LIMIT, 1), 100);
  const q = classifyQuery(query);
  switch (q.kind) {
    case 'empty':
      return [];
    case 'reference':
      return (await store.matchesByCaseReference(db, q.reference, limit)).map((r) => store.toMatch(r, 'reference'));
    case 'email':
      return (await store.matchesByEmail(db, [q.email], limit)).map((r) => store.toMatch(r, 'email'));
    case 'phone':
      return (await store.matchesByPhone(db, [q.number], limit)).map((r) => store.toMatch(r, 'phone'));
    case 'postcode':
      return (await store.matchesByPostcode(db, q.postcode, limit)).map((r) => store.toMatch(r, 'postcode'));
    case 'name':
      if (q.postcode && !q.name) return (await store.matchesByPostcode(db, q.postcode, limit)).map((r) => store.toMatch(r, 'postcode'));
      // Fewer than 3 letters makes no whole trigram: nothing useful to rank.
      if (q.name.replace(/[^\p{L}\p{N}]/gu, '').length < 2) return [];
      return (await matchesByName(db, q.name, limit, q.postcode)).map((r) => store.toMatch(r, 'name'));
  }
}

/** The prefix step scores at most this many of its matches (see store.matchesByName). */
const CANDIDATES = 200;
/** Fewer matches than this, and the slow steps that forgive typos in short words run too. */
const ENOUGH = 3;

/**
 * Names in steps, cheapest first, each adding to (and ranked with) the ones before:
 * 1. every query word as the start of a word of the name ("oli smit", "smit");
 * 2. unless 1 filled the page: the query as (part of) a name by word similarity, which forgives
 *    a typo in a long word ("oliver smtih") and shows near spellings beside exact ones;
 * 3. only when 1 and 2 found fewer than ENOUGH: whole-name similarity, which forgives two typos in
 *    short words ("jon smth" for John Smith), first over 0.45 and, if that too finds fewer than
 *    ENOUGH, over 0.3. The loose `%` rechecks thousands of rows (every "Rachel" is 0.3 like
 *    "rachel farser"), so it runs last and least: running it whenever a page was not full was
 *    most of the cost of a name search.
 */
async function matchesByName(db: Db, name: string, limit: number, postcode: string | undefined) {
  if (postcode) return store.matchesByName(db, name, limit, { postcode });
  let found = await store.matchesByName(db, name, limit, { step: 'words', candidates: CANDIDATES });
  if (found.length < limit) found = merge(found, await store.matchesByName(db, name, limit, { step: 'part' }), limit);
  for (const threshold of [0.45, undefined]) {
    if (found.length >= ENOUGH) break;
    found = merge(found, await store.matchesByName(db, name, limit, { step: 'whole', threshold }), limit);
  }
  return found;
}

/** Two ranked lists as one: each customer once, best score first, then by name (as the store ranks). */
function merge<T extends { id: string; score: number; display_name: string }>(a: T[], b: T[], limit: number): T[] {
  const byId = new Map<string, T>();
  for (const row of [...a, ...b]) if ((byId.get(row.id)?.score ?? -1) < row.score) byId.set(row.id, row);
  return [...byId.values()].sort((x, y) => y.score - x.score || x.display_name.localeCompare(y.display_name)).slice(0, limit);
}
