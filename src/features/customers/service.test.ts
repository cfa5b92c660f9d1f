import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import { DEMO_COUNCIL } from '../../demo/council.js';
import { DEMO_CUSTOMERS, loadDemoCustomers } from '../../demo/customers.js';
import { loadDemoCatalogue } from '../../demo/load-catalogue.js';
import type { Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { newReference } from '../cases/reference.js';
import { setUpCouncil } from '../council/service.js';
import type { CustomerInput } from './model.js';
import { searchCustomers } from './search.js';
import { recordFeedback } from '../insight/service.js';
import { createCustomer, getCustomer, listMerges, mergeCustomers, suggestMatches, undoMerge, updateCustomer, viewCustomer, type CustomerContext } from './service.js';

const advisor: Actor = { type: 'staff', id: undefined, label: 'Ada Advisor' };
const NOW = new Date('2026-03-10T10:00:00Z');

const person = (given: string, family: string, more: Partial<CustomerInput> = {}): CustomerInput => ({ kind: 'person', givenName: given, familyName: family, ...more });

async function auditActions(db: Db, subjectId: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_event').select('action').where('subject_id', '=', subjectId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

forEachEngine('customers', (use) => {
  let ctx: CustomerContext;
  let newCase: (customerId: string) => Promise<string>;
  let newContact: (customerId: string) => Promise<string>;

  beforeAll(async () => {
    const { db } = use();
    ctx = { db, actor: advisor, now: NOW };
    await setUpCouncil(db, { type: 'system', label: 'test' }, DEMO_COUNCIL);
    await loadDemoCatalogue(db, { type: 'system', label: 'test' });
    const rtv = await db.selectFrom('request_type_version as v').innerJoin('request_type as t', 't.id', 'v.request_type_id').select(['v.request_type_id', 'v.version', 't.service_id']).executeTakeFirstOrThrow();
    newCase = async (customerId) => {
      const row = await db
        .insertInto('cases')
        .values({ reference: newReference(), service_id: rtv.service_id, request_type_id: rtv.request_type_id, request_type_version: rtv.version, channel: 'phone', answers: '{}', contact: '{}', received_at: NOW, updated_at: NOW, team_id: null, assignee_id: null, customer_id: customerId, location_address: null, location_uprn: null, latitude: null, longitude: null, ward: null, client_system_id: null, client_reference: null, duplicate_of: null, tracking_token_hash: null, resolved_at: null, closed_at: null, client_data: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    newContact = async (customerId) => {
      const row = await db
        .insertInto('contact')
        .values({ channel: 'phone', direction: 'inbound', received_at: NOW, from_address: null, from_name: null, to_address: null, message_id: null, in_reply_to: null, case_id: null, customer_id: customerId, handled_by_label: null, handled_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
  });

  it('creates a customer with normalised details, audited', async () => {
    const ann = await createCustomer(ctx, person('Ann', 'Example', { title: 'Ms', address: '1 High Street, Exampleton', postcode: 'ex11aa', emails: ['Ann@Example.com'], phones: ['(07700) 900 123'], adjustments: [{ kind: 'large_print' }, { kind: 'interpreter', detail: 'Polish' }] }));
    expect(ann).toMatchObject({ displayName: 'Ms Ann Example', postcode: 'EX1 1AA', version: 1, mergedInto: null });
    expect(ann.emails.map((e) => e.email)).toEqual(['ann@example.com']);
    expect(ann.phones.map((p) => [p.number, p.display])).toEqual([['+447700900123', '07700 900123']]);
    expect(ann.adjustments.map((a) => [a.kind, a.detail])).toEqual([['large_print', ''], ['interpreter', 'Polish']]);
    expect(await auditActions(ctx.db, ann.id)).toEqual(['customer.created']);
  });

  it('refuses bad details with a message per field and saves nothing', async () => {
    const before = await ctx.db.selectFrom('customer').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const error = await createCustomer(ctx, person('Bad', 'Details', { emails: ['nope'], phones: ['07700 900123', '12'], postcode: 'ZZ' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).issues.map((i) => i.field)).toEqual(['postcode', 'emails.0', 'phones.1']);
    const after = await ctx.db.selectFrom('customer').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('updates at the version opened, keeps rows that stay, and refuses a stale edit', async () => {
    const c = await createCustomer(ctx, person('Uma', 'Update', { emails: ['uma@example.com', 'old@example.com'] }));
    const kept = c.emails[0]!.id;
    const updated = await updateCustomer(ctx, c.id, 1, person('Uma', 'Update', { emails: ['uma@example.com', 'new@example.com'], postcode: 'LE1 5FQ' }));
    expect(updated.version).toBe(2);
    expect(updated.emails.map((e) => e.email)).toEqual(['uma@example.com', 'new@example.com']);
    expect(updated.emails[0]!.id).toBe(kept);
    await expect(updateCustomer(ctx, c.id, 1, person('Uma', 'Stale'))).rejects.toBeInstanceOf(StaleEditError);
    expect((await getCustomer(ctx.db, c.id))?.familyName).toBe('Update');
    expect(await auditActions(ctx.db, c.id)).toEqual(['customer.created', 'customer.updated']);
  });

  it('audits every view of a record; getCustomer does not', async () => {
    const c = await createCustomer(ctx, person('Vic', 'Viewed'));
    await getCustomer(ctx.db, c.id);
    expect((await viewCustomer(ctx, c.id))?.displayName).toBe('Vic Viewed');
    const [event] = await ctx.db.selectFrom('audit_event').selectAll().where('subject_id', '=', c.id).where('action', '=', 'customer.viewed').execute();
    expect(event).toMatchObject({ subject_type: 'customer', actor_label: 'Ada Advisor' });
    expect(await auditActions(ctx.db, c.id)).toEqual(['customer.created', 'customer.viewed']);
    expect(await viewCustomer(ctx, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await viewCustomer(ctx, 'not-a-uuid')).toBeUndefined();
  });

  it('finds customers by name with typos and partial names, by email, phone in any format, postcode, and name with postcode', async () => {
    const john = await createCustomer(ctx, person('John', 'Smithson', { postcode: 'LE1 5FQ', emails: ['john.smithson@example.com'], phones: ['07700 900456'] }));
    const jane = await createCustomer(ctx, person('Jane', 'Smithson', { postcode: 'LE2 7AB', safetyNote: 'Two people to visit' }));
    await createCustomer(ctx, person('Peter', 'Brown', { postcode: 'LE1 5FQ' }));
    const ids = async (q: string) => (await searchCustomers(ctx.db, q)).map((m) => m.id);

    expect((await ids('jon smithsn'))[0]).toBe(john.id);
    expect(await ids('smiths')).toEqual(expect.arrayContaining([john.id, jane.id]));
    expect(await ids('Jane Smithson')).toContain(jane.id);
    expect((await ids('jane smithson'))[0]).toBe(jane.id);
    for (const phone of ['07700 900456', '+44 7700 900456', '(07700) 900-456', '447700900456']) expect(await ids(phone)).toEqual([john.id]);
    expect(await ids('JOHN.SMITHSON@example.com')).toEqual([john.id]);
    expect(await ids('le15fq')).toEqual(expect.arrayContaining([john.id]));
    expect(await ids('le15fq')).not.toContain(jane.id);
    expect(await ids('Smithson LE1 5FQ')).toEqual([john.id]);
    expect(await ids('nobody@example.com')).toEqual([]);

    const [match] = await searchCustomers(ctx.db, 'Jane Smithson');
    expect(match).toMatchObject({ displayName: 'Jane Smithson', matchedOn: 'name', hasSafetyNote: true, hasAdjustments: false, postcode: 'LE2 7AB' });
    const [byPhone] = await searchCustomers(ctx.db, '07700900456');
    expect(byPhone).toMatchObject({ matchedOn: 'phone', phone: '07700 900456', email: 'john.smithson@example.com' });
  });

  it('finds names by the starts of their words in any order, quotes and regex characters taken literally, a caller\'s trigram threshold kept', async () => {
    const oliver = await createCustomer(ctx, person('Oliver', 'Featherstone-Jones'));
    const pat = await createCustomer(ctx, person('Patrick', "O'Neill"));
    await createCustomer(ctx, person('Olwen', 'Featherby'));
    const ids = async (q: string, db: Db = ctx.db) => (await searchCustomers(db, q)).map((m) => m.id);

    expect((await ids('oli feath'))[0]).toBe(oliver.id);
    expect((await ids('jones oliver'))[0]).toBe(oliver.id);
    expect(await ids("o'neill")).toContain(pat.id);
    expect(await ids('neill')).toContain(pat.id);
    // `(`, `.*`, `%` and `_` are letters here, not SQL or regex syntax: no error, no match-all.
    expect(await ids('(neill')).toContain(pat.id);
    expect(await ids('zq.*x')).toEqual([]);
    expect(await ids('zq%_x')).toEqual([]);

    // The typo step sets pg_trgm's threshold for its own query only, even inside a caller's transaction.
    await inTransaction(ctx.db, async (trx) => {
      await sql`SELECT set_config('pg_trgm.similarity_threshold', '0.2', true)`.execute(trx);
      expect(await ids('oliver fetherstne', trx)).toContain(oliver.id);
      const { rows } = await sql<{ t: string }>`SELECT current_setting('pg_trgm.similarity_threshold') AS t`.execute(trx);
      expect(rows[0]?.t).toBe('0.2');
    });
  });

  it('finds the customer of a case by its reference', async () => {
    const c = await createCustomer(ctx, person('Rita', 'Reference'));
    const caseId = await newCase(c.id);
    const { reference } = await ctx.db.selectFrom('cases').select('reference').where('id', '=', caseId).executeTakeFirstOrThrow();
    const found = await searchCustomers(ctx.db, reference.toLowerCase().replace('-', ''));
    expect(found.map((m) => [m.id, m.matchedOn])).toEqual([[c.id, 'reference']]);
  });

  it('suggests possible duplicates by email, phone, UPRN, postcode with a similar name, or a very similar name', async () => {
    const orig = await createCustomer(ctx, person('Dorothy', 'Duplicate', { postcode: 'DE1 1AA', uprn: '100030001234', emails: ['dot@example.com'], phones: ['07700 900789'] }));
    const on = async (input: Partial<CustomerInput>) => (await suggestMatches(ctx.db, input)).find((m) => m.id === orig.id)?.matchedOn;
    expect(await on({ emails: ['DOT@example.com'] })).toBe('email');
    expect(await on({ phones: ['+44 7700 900789'] })).toBe('phone');
    expect(await on({ uprn: '100030001234' })).toBe('uprn');
    expect(await on({ kind: 'person', givenName: 'Dot', familyName: 'Duplicate', postcode: 'de11aa' })).toBe('postcode');
    expect(await on({ kind: 'person', givenName: 'Dorothy', familyName: 'Duplicat' })).toBe('name');
    expect(await on({ kind: 'person', givenName: 'Someone', familyName: 'Else', emails: ['x@example.com'] })).toBeUndefined();
  });

  it('merges a duplicate: moves everything, records what moved, audits both, hides the duplicate from search', async () => {
    const target = await createCustomer(ctx, person('Mary', 'Mergekeep', { emails: ['mary@example.com'], phones: ['07700 900301'], adjustments: [{ kind: 'large_print' }] }));
    const source = await createCustomer(ctx, person('Marie', 'Mergekeep', { emails: ['mary@example.com', 'marie@example.com'], phones: ['07700 900302'], adjustments: [{ kind: 'large_print' }, { kind: 'bsl' }], safetyNote: 'Dog on site' }));
    const cases = [await newCase(source.id), await newCase(source.id)];
    const contact = await newContact(source.id);
    const compliment = await recordFeedback(ctx.db, ctx.actor, { kind: 'compliment', receivedAt: NOW, channel: 'web', body: 'Lovely library staff', customerId: source.id });
    const { mergeId } = await mergeCustomers(ctx, { sourceId: source.id, targetId: target.id });
    const feedbackOwner = async () => (await ctx.db.selectFrom('feedback').select('customer_id').where('id', '=', compliment).executeTakeFirstOrThrow()).customer_id;
    // Feedback moves with the record, so the kept record's single view shows it.
    expect(await feedbackOwner()).toBe(target.id);

    const kept = await getCustomer(ctx.db, target.id);
    expect(kept?.emails.map((e) => e.email).sort()).toEqual(['marie@example.com', 'mary@example.com']);
    expect(kept?.phones.map((p) => p.display).sort()).toEqual(['07700 900301', '07700 900302']);
    expect(kept?.adjustments.map((a) => a.kind).sort()).toEqual(['bsl', 'large_print']);
    expect(kept?.safetyNote).toBe('Dog on site');
    const onTarget = await ctx.db.selectFrom('cases').select('id').where('customer_id', '=', target.id).execute();
    expect(onTarget.map((r) => r.id).sort()).toEqual([...cases].sort());
    expect((await ctx.db.selectFrom('contact').select('customer_id').where('id', '=', contact).executeTakeFirstOrThrow()).customer_id).toBe(target.id);

    const gone = await viewCustomer(ctx, source.id);
    expect(gone?.mergedInto).toBe(target.id);
    const merge = await ctx.db.selectFrom('customer_merge').selectAll().where('id', '=', mergeId).executeTakeFirstOrThrow();
    expect([...merge.moved.cases!].sort()).toEqual([...cases].sort());
    expect(merge.moved).toMatchObject({ contacts: [contact], skippedEmails: [source.emails[0]!.id], skippedAdjustments: [source.adjustments[0]!.id] });
    expect(await auditActions(ctx.db, source.id)).toContain('customer.merged');
    expect(await auditActions(ctx.db, target.id)).toContain('customer.merged');
    expect((await searchCustomers(ctx.db, 'marie mergekeep')).map((m) => m.id)).not.toContain(source.id);
    expect(await searchCustomers(ctx.db, '07700 900302')).toEqual([expect.objectContaining({ id: target.id })]);
    expect((await listMerges(ctx.db, target.id)).map((m) => [m.id, m.sourceName, m.moved.cases])).toEqual([[mergeId, 'Marie Mergekeep', 2]]);

    // Undo moves exactly what moved: a case added to the kept record since stays there.
    const later = await newCase(target.id);
    await undoMerge({ ...ctx, now: new Date(NOW.getTime() + 60_000) }, mergeId);
    const back = await getCustomer(ctx.db, source.id);
    expect(back?.mergedInto).toBeNull();
    expect(back?.emails.map((e) => e.email)).toEqual(['mary@example.com', 'marie@example.com']);
    expect(back?.adjustments.map((a) => a.kind)).toEqual(['large_print', 'bsl']);
    const restored = await getCustomer(ctx.db, target.id);
    expect(restored?.emails.map((e) => e.email)).toEqual(['mary@example.com']);
    expect(restored?.phones.map((p) => p.display)).toEqual(['07700 900301']);
    expect(restored?.safetyNote).toBeNull();
    const sourceCases = await ctx.db.selectFrom('cases').select('id').where('customer_id', '=', source.id).execute();
    expect(sourceCases.map((r) => r.id).sort()).toEqual([...cases].sort());
    expect((await ctx.db.selectFrom('cases').select('customer_id').where('id', '=', later).executeTakeFirstOrThrow()).customer_id).toBe(target.id);
    expect((await ctx.db.selectFrom('contact').select('customer_id').where('id', '=', contact).executeTakeFirstOrThrow()).customer_id).toBe(source.id);
    expect(await feedbackOwner()).toBe(source.id);
    expect(await listMerges(ctx.db, target.id)).toEqual([]);
    expect(await auditActions(ctx.db, source.id)).toContain('customer.merge_undone');
    await expect(undoMerge(ctx, mergeId)).rejects.toThrow('That merge has already been undone');
  });

  it('refuses to merge a record into itself or to merge an already-merged record', async () => {
    const a = await createCustomer(ctx, person('Sam', 'Self'));
    const b = await createCustomer(ctx, person('Sam', 'Selfe'));
    const c = await createCustomer(ctx, person('Sam', 'Selph'));
    await expect(mergeCustomers(ctx, { sourceId: a.id, targetId: a.id })).rejects.toThrow('a customer cannot be merged into itself');
    await mergeCustomers(ctx, { sourceId: a.id, targetId: b.id });
    await expect(mergeCustomers(ctx, { sourceId: a.id, targetId: c.id })).rejects.toThrow('Sam Self has already been merged into another record');
    await expect(mergeCustomers(ctx, { sourceId: c.id, targetId: a.id })).rejects.toThrow('merge into that record instead');
  });

  it('leaves both records as they were when a merge fails half-way', async () => {
    const target = await createCustomer(ctx, person('Hal', 'Halfway', { emails: ['hal@example.com'] }));
    const source = await createCustomer(ctx, person('Hal', 'Halfwey', { emails: ['hal2@example.com'], phones: ['07700 900555'] }));
    const kase = await newCase(source.id);
    // The merge record is written after the rows have moved: make that insert fail.
    await sql`CREATE FUNCTION test_fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(ctx.db);
    await sql`CREATE TRIGGER test_fail_merge BEFORE INSERT ON customer_merge FOR EACH ROW EXECUTE FUNCTION test_fail_merge()`.execute(ctx.db);
    try {
      await expect(mergeCustomers(ctx, { sourceId: source.id, targetId: target.id })).rejects.toThrow('disk full');
    } finally {
      await sql`DROP TRIGGER test_fail_merge ON customer_merge`.execute(ctx.db);
      await sql`DROP FUNCTION test_fail_merge()`.execute(ctx.db);
    }
    expect(await getCustomer(ctx.db, source.id)).toEqual(source);
    expect(await getCustomer(ctx.db, target.id)).toEqual(target);
    expect((await ctx.db.selectFrom('cases').select('customer_id').where('id', '=', kase).executeTakeFirstOrThrow()).customer_id).toBe(source.id);
    expect(await auditActions(ctx.db, source.id)).not.toContain('customer.merged');
  });
});

forEachEngine('demo customers', (use) => {
  it('loads once, searchable, with the near-duplicates and Ann Example', async () => {
    const { db } = use();
    const actor: Actor = { type: 'system', label: 'CharterDesk' };
    expect(await loadDemoCustomers(db, actor, NOW)).toBe(DEMO_CUSTOMERS.length);
    expect(await loadDemoCustomers(db, actor, NOW)).toBe(0);
    const [ann] = await searchCustomers(db, 'ann example');
    expect(ann).toMatchObject({ displayName: 'Ms Ann Example', postcode: 'EX1 1AA', email: 'ann@example.com', phone: '07700 900123' });
    expect((await searchCustomers(db, 'jon smth')).map((m) => m.displayName).slice(0, 2).sort()).toEqual(['John Smith', 'Jon Smith']);
    expect((await searchCustomers(db, 'smi')).map((m) => m.displayName)).toEqual(expect.arrayContaining(['John Smith', 'Jon Smith']));
    expect((await searchCustomers(db, 'nowak')).map((m) => [m.displayName, m.hasAdjustments])).toEqual([['Mr Tomasz Nowak', true]]);
    expect((await searchCustomers(db, 'vance'))[0]?.hasSafetyNote).toBe(true);
    const john = (await searchCustomers(db, 'john.smith@example.com'))[0]!;
    expect((await suggestMatches(db, { kind: 'person', givenName: 'John', familyName: 'Smith', postcode: 'BF1 5RT' })).map((m) => m.displayName)).toEqual(expect.arrayContaining(['John Smith', 'Jon Smith']));
    expect(john.displayName).toBe('John Smith');
  });
});
