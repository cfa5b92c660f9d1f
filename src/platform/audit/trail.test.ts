// The trail's store on both engines: each event knows the customer it concerns (a case's, a
// contact's, even when the contact is linked to her only after it was read), and pages walk the
// whole trail both ways without gaps or repeats.
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import { DEMO_COUNCIL } from '../../demo/council.js';
import { loadDemoCatalogue } from '../../demo/load-catalogue.js';
import { setUpCouncil } from '../../features/council/service.js';
import { recordAudit, systemActor, type Actor } from './audit.js';
import { auditPage, countAuditEvents } from './trail.js';

const advisor: Actor = { type: 'staff', id: '00000000-0000-4000-8000-000000000001', label: 'Ada Advisor' };

const NOW = new Date('2026-11-26T10:00:00Z');

forEachEngine('the audit trail store', (use) => {
  beforeAll(async () => {
    await setUpCouncil(use().db, systemActor, DEMO_COUNCIL);
    await loadDemoCatalogue(use().db, systemActor);
  });

  async function customer(name: string): Promise<string> {
    const row = await use().db.insertInto('customer').values({ kind: 'person', family_name: name, display_name: name, search_name: name.toLowerCase(), created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  const customerOf = async (eventId: string) =>
    (await use().db.selectFrom('audit_event').select('customer_id').where('id', '=', eventId).executeTakeFirstOrThrow()).customer_id;

  it('attributes an event to its customer: the record itself, a case’s customer, a contact’s (directly or through its case)', async () => {
    const { db } = use();
    const ruth = await customer('Ruth');
    const rtv = await db.selectFrom('request_type_version as v').innerJoin('request_type as t', 't.id', 'v.request_type_id').select(['v.request_type_id', 'v.version', 't.service_id']).executeTakeFirstOrThrow();
    expect(await customerOf(await recordAudit(db, advisor, { action: 'customer.viewed', subjectType: 'customer', subjectId: ruth }))).toBe(ruth);
    expect(await customerOf(await recordAudit(db, advisor, { action: 'staff.signed_in', subjectType: 'staff_user', subjectId: advisor.id }))).toBeNull();
    expect(await customerOf(await recordAudit(db, advisor, { action: 'case.viewed', subjectType: 'case', subjectId: 'not-a-uuid' }))).toBeNull();
    const kase = await db
      .insertInto('cases')
      .values({ reference: 'AAAA-AAAA', service_id: rtv.service_id, request_type_id: rtv.request_type_id, request_type_version: rtv.version, channel: 'phone', answers: '{}', contact: '{}', received_at: NOW, updated_at: NOW, customer_id: ruth })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await customerOf(await recordAudit(db, advisor, { action: 'case.viewed', subjectType: 'case', subjectId: kase.id }))).toBe(ruth);
    const viaCase = await db.insertInto('contact').values({ channel: 'email', direction: 'inbound', received_at: NOW, case_id: kase.id }).returning('id').executeTakeFirstOrThrow();
    expect(await customerOf(await recordAudit(db, advisor, { action: 'contact.viewed', subjectType: 'contact', subjectId: viaCase.id }))).toBe(ruth);
  });

  it('attributes a contact’s earlier events to the customer it is linked to later, and never moves an attribution', async () => {
    const { db } = use();
    const [ruth, other] = [await customer('Ruth'), await customer('Other')];
    const email = await db.insertInto('contact').values({ channel: 'email', direction: 'inbound', received_at: NOW, from_address: 'ruth@example.com' }).returning('id').executeTakeFirstOrThrow();
    const read = await recordAudit(db, advisor, { action: 'contact.viewed', subjectType: 'contact', subjectId: email.id });
    expect(await customerOf(read)).toBeNull();
    await db.updateTable('contact').set({ customer_id: ruth }).where('id', '=', email.id).execute();
    expect(await customerOf(read)).toBe(ruth);
    // Moved to another record later (a merge): what was seen then stays about the first.
    await db.updateTable('contact').set({ customer_id: other }).where('id', '=', email.id).execute();
    expect(await customerOf(read)).toBe(ruth);
    expect(await customerOf(await recordAudit(db, advisor, { action: 'contact.viewed', subjectType: 'contact', subjectId: email.id }))).toBe(other);
  });

  it('gives the events of a merge undone back to the record undone: a view of her case while merged is hers, not the other person’s', async () => {
    const { db } = use();
    const [ruth, kept] = [await customer('Ruth'), await customer('Kept')];
    const rtv = await db.selectFrom('request_type_version as v').innerJoin('request_type as t', 't.id', 'v.request_type_id').select(['v.request_type_id', 'v.version', 't.service_id']).executeTakeFirstOrThrow();
    const kase = await db
      .insertInto('cases')
      .values({ reference: 'BBBB-BBBB', service_id: rtv.service_id, request_type_id: rtv.request_type_id, request_type_version: rtv.version, channel: 'phone', answers: '{}', contact: '{}', received_at: NOW, updated_at: NOW, customer_id: ruth })
      .returning('id')
      .executeTakeFirstOrThrow();
    const email = await db.insertInto('contact').values({ channel: 'email', direction: 'inbound', received_at: NOW, customer_id: ruth }).returning('id').executeTakeFirstOrThrow();
    const before = await recordAudit(db, advisor, { action: 'case.viewed', subjectType: 'case', subjectId: kase.id });
    // Ruth merged into Kept, as features/customers mergeCustomers does: her rows move, then she is marked merged.
    await db.updateTable('cases').set({ customer_id: kept }).where('id', '=', kase.id).execute();
    await db.updateTable('contact').set({ customer_id: kept }).where('id', '=', email.id).execute();
    await db.updateTable('customer').set({ merged_into: kept }).where('id', '=', ruth).execute();
    const whileMerged = [
      await recordAudit(db, advisor, { action: 'case.viewed', subjectType: 'case', subjectId: kase.id }),
      await recordAudit(db, advisor, { action: 'contact.viewed', subjectType: 'contact', subjectId: email.id }),
    ];
    const keptsOwn = await recordAudit(db, advisor, { action: 'customer.viewed', subjectType: 'customer', subjectId: kept });
    expect(await customerOf(before)).toBe(ruth);
    // Undone, as undoMerge does: the rows go back while she is still marked merged, then she is not.
    await db.updateTable('cases').set({ customer_id: ruth }).where('id', '=', kase.id).execute();
    await db.updateTable('contact').set({ customer_id: ruth }).where('id', '=', email.id).execute();
    await db.updateTable('customer').set({ merged_into: null }).where('id', '=', ruth).execute();
    for (const id of [before, ...whileMerged]) expect(await customerOf(id)).toBe(ruth);
    expect(await customerOf(keptsOwn)).toBe(kept);
    expect(await countAuditEvents(db, { customerIds: [kept] })).toBe(1);
  });

  it('walks every event both ways, a page at a time, and counts them', async () => {
    const { db } = use();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push(await recordAudit(db, systemActor, { action: 'test.walk', detail: { i } }));
    const filter = { action: 'test.walk' };
    expect(await countAuditEvents(db, filter)).toBe(23);
    const older: string[][] = [];
    let page = await auditPage(db, filter, {}, 10);
    expect(page.newer).toBeUndefined();
    older.push(page.events.map((e) => e.id));
    while (page.older) {
      page = await auditPage(db, filter, { older: page.older }, 10);
      older.push(page.events.map((e) => e.id));
    }
    expect(older.flat()).toEqual([...ids].reverse());
    expect(older.map((p) => p.length)).toEqual([10, 10, 3]);
    // And back: "newer" from the last page gives the middle page, then the first (with no newer link).
    const middle = await auditPage(db, filter, { newer: page.newer! }, 10);
    expect(middle.events.map((e) => e.id)).toEqual(older[1]);
    const first = await auditPage(db, filter, { newer: middle.newer! }, 10);
    expect(first.events.map((e) => e.id)).toEqual(older[0]);
    expect(first.newer).toBeUndefined();
    expect(first.older).toBe(older[0]!.at(-1));
  });
});
