// Customer Insight on both engines: recording every kind of feedback (audited, and tied to its
// customer in the audit trail), tagging with themes, reviewing, and an action's life from open to
// done with its public wording, refused without it, overdue, and refused when stale.
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { bootstrap } from '../../bootstrap.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { raiseCase } from '../cases/service.js';
import { getRequestType } from '../charter/service.js';
import { describeFeedback } from './audit-subjects.js';
import type { ActionInput } from './model.js';
import {
  addTheme, changeTheme, createAction, feedbackForCustomer, getAction, linkFeedbackToAction, linkFeedbackToCase, listActions, listFeedback, listThemes, markReviewed,
  recordFeedback, tagFeedback, unreviewedCount, updateAction, viewFeedback, youSaidWeDid,
} from './service.js';

const NOW = new Date('2026-05-20T10:00:00Z');
const resident: Actor = { type: 'resident', label: 'Resident' };

forEachEngine('customer insight', (use) => {
  let db: Db;
  let customerId = '';
  let standardId = '';
  let serviceId = '';
  beforeAll(async () => {
    db = use().db;
    await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    customerId = (await db.insertInto('customer').values({ kind: 'person', given_name: 'Alex', family_name: 'Reed', display_name: 'Alex Reed', search_name: 'alex reed' }).returning('id').executeTakeFirstOrThrow()).id;
    const standard = await db.selectFrom('service_standard').select(['id', 'service_id']).executeTakeFirstOrThrow();
    standardId = standard.id;
    serviceId = standard.service_id;
  });

  it('records each kind of feedback with an audit event tied to its customer', async () => {
    for (const kind of ['compliment', 'comment', 'failed_standard', 'complaint', 'rating'] as const) {
      const id = await recordFeedback(db, resident, {
        kind, receivedAt: NOW, channel: 'web', body: kind === 'complaint' ? '' : `About ${kind}`, customerId,
        ...(kind === 'failed_standard' && { standardId }),
      });
      const row = await db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind, channel: 'web', customer_id: customerId, reviewed: false });
      if (kind === 'failed_standard') expect(row.service_id).toBe(serviceId);
      const event = await db.selectFrom('audit_event').selectAll().where('subject_type', '=', 'feedback').where('subject_id', '=', id).executeTakeFirstOrThrow();
      expect(event).toMatchObject({ action: 'feedback.recorded', customer_id: customerId });
    }
  });

  it('refuses an empty comment and an unknown standard, saving nothing', async () => {
    const before = await db.selectFrom('feedback').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(recordFeedback(db, resident, { kind: 'comment', receivedAt: NOW, channel: 'web', body: '  ' })).rejects.toBeInstanceOf(InvalidInput);
    await expect(recordFeedback(db, resident, { kind: 'failed_standard', receivedAt: NOW, channel: 'web', body: 'x', standardId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(InvalidInput);
    const after = await db.selectFrom('feedback').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  let manager: Actor;
  let ownerId = '';
  const ctx = (now = NOW) => ({ db, actor: manager, now });
  const action = (extra: Partial<ActionInput> = {}): ActionInput => ({
    title: 'Text residents before bulky waste collections', plan: '', ownerId, serviceId, dueOn: '2026-06-01', status: 'open', outcome: '', youSaid: '', weDid: '', ...extra,
  });

  it('tags feedback with active themes only, marks it reviewed, and filters the queue by both', async () => {
    const staff = await db.selectFrom('staff_user').select(['id', 'display_name']).where('email', '=', 'manager@brackenfield.example').executeTakeFirstOrThrow();
    manager = { type: 'staff', id: staff.id, label: staff.display_name };
    ownerId = staff.id;
    const id = await recordFeedback(db, resident, { kind: 'comment', receivedAt: NOW, channel: 'web', body: 'Tag me', serviceId });
    const themes = await listThemes(db);
    expect(themes.map((t) => t.name)).toEqual(expect.arrayContaining(['Communication', 'Waiting times', 'Staff attitude', 'Missed collections', 'Website and online forms', 'Accessibility']));
    const waiting = themes.find((t) => t.name === 'Waiting times')!;
    await tagFeedback(ctx(), id, [waiting.id]);
    const tagged = await listFeedback(db, { themeId: waiting.id }, 1);
    expect(tagged.items.map((i) => i.id)).toEqual([id]);
    expect(tagged.items[0]!.themes).toEqual([{ id: waiting.id, name: 'Waiting times' }]);

    // A theme no longer used stays on what has it, and cannot be newly chosen.
    const oldId = await addTheme(ctx(), 'Old theme');
    await changeTheme(ctx(), oldId, { name: 'Old theme', active: false });
    await expect(tagFeedback(ctx(), id, [waiting.id, oldId])).rejects.toBeInstanceOf(InvalidInput);
    await expect(addTheme(ctx(), 'waiting TIMES')).rejects.toBeInstanceOf(InvalidInput);

    const unreviewed = await unreviewedCount(db);
    await markReviewed(ctx(), id, true);
    expect(await unreviewedCount(db)).toBe(unreviewed - 1);
    expect((await listFeedback(db, { reviewed: false }, 1)).items.map((i) => i.id)).not.toContain(id);
    const events = await db.selectFrom('audit_event').select('action').where('subject_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['feedback.recorded', 'feedback.tagged', 'feedback.reviewed']);
  });

  it('keeps ratings without a comment out of the queue, and lists a customer\'s feedback for the timeline', async () => {
    const silent = await recordFeedback(db, resident, { kind: 'rating', receivedAt: NOW, channel: 'web', body: '', customerId });
    expect((await listFeedback(db, { kind: 'rating' }, 1)).items.map((i) => i.id)).not.toContain(silent);
    const mine = await feedbackForCustomer(db, customerId, { exceptKinds: ['rating'] });
    expect(mine.map((f) => f.kind).sort()).toEqual(['comment', 'complaint', 'compliment', 'failed_standard']);
  });

  it('lists the queue newest first', async () => {
    const older = await recordFeedback(db, resident, { kind: 'comment', receivedAt: new Date('2026-05-21T09:00:00Z'), channel: 'phone', body: 'Older' });
    const newer = await recordFeedback(db, resident, { kind: 'comment', receivedAt: new Date('2026-05-22T09:00:00Z'), channel: 'phone', body: 'Newer' });
    const ids = (await listFeedback(db, {}, 1)).items.map((i) => i.id);
    expect(ids.slice(0, 2)).toEqual([newer, older]);
  });

  it('audits a view of feedback that has a customer, against the customer', async () => {
    const id = (await feedbackForCustomer(db, customerId))[0]!.id;
    const seen = await viewFeedback(ctx(), id);
    expect(seen?.id).toBe(id);
    const event = await db.selectFrom('audit_event').selectAll().where('action', '=', 'feedback.viewed').where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(event.customer_id).toBe(customerId);
  });

  it('runs an action from open to done, refusing done without the outcome and public wording, and a stale save', async () => {
    const feedbackId = await recordFeedback(db, resident, { kind: 'failed_standard', receivedAt: NOW, channel: 'web', body: 'Nobody came', standardId });
    const id = await createAction(ctx(), action(), feedbackId);
    const opened = (await getAction(db, id, NOW))!;
    expect(opened).toMatchObject({ status: 'open', version: 1, overdue: false, dueOn: '2026-06-01', completedAt: null });
    expect(opened.feedback.map((f) => f.id)).toEqual([feedbackId]);

    // Overdue once its due date has passed in London.
    const later = new Date('2026-06-02T09:00:00Z');
    expect((await listActions(db, {}, later)).find((a) => a.id === id)?.overdue).toBe(true);
    expect((await listActions(db, { status: 'done' }, later)).map((a) => a.id)).not.toContain(id);

    const refused = await updateAction(ctx(), id, 1, action({ status: 'done', outcome: 'Done' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).issues.map((i) => i.field)).toEqual(['youSaid', 'weDid']);
    expect((await getAction(db, id, NOW))!.version).toBe(1);

    await updateAction(ctx(), id, 1, action({ status: 'in_progress' }));
    await expect(updateAction(ctx(), id, 1, action({ status: 'cancelled' }))).rejects.toBeInstanceOf(StaleEditError);
    await updateAction(ctx(later), id, 2, action({ status: 'done', outcome: 'Texts now go out', youSaid: 'You did not know when we would come', weDid: 'We now text you the day before' }));
    const done = (await getAction(db, id, later))!;
    expect(done).toMatchObject({ status: 'done', version: 3, overdue: false });
    expect(done.completedAt).toEqual(later);

    // Saving again keeps when it was done.
    await updateAction(ctx(new Date('2026-06-10T09:00:00Z')), id, 3, action({ status: 'done', outcome: 'Texts now go out', youSaid: 'You did not know when we would come', weDid: 'We now text you the day before, by 6pm' }));
    expect((await getAction(db, id, NOW))!.completedAt).toEqual(later);

    const groups = await youSaidWeDid(db);
    expect(groups.flatMap((g) => g.actions.map((a) => a.weDid))).toContain('We now text you the day before, by 6pm');

    const other = await recordFeedback(db, resident, { kind: 'comment', receivedAt: NOW, channel: 'web', body: 'Same here' });
    await linkFeedbackToAction(ctx(), id, other);
    expect((await getAction(db, id, NOW))!.feedback.map((f) => f.id).sort()).toEqual([feedbackId, other].sort());
    await expect(linkFeedbackToAction(ctx(), '00000000-0000-4000-8000-000000000000', other)).rejects.toBeInstanceOf(InvalidInput);
  });

  it('pages the queue 25 at a time', async () => {
    for (let i = 0; i < 26; i++) await recordFeedback(db, resident, { kind: 'comment', receivedAt: new Date(Date.UTC(2026, 4, 1, 0, i)), channel: 'web', body: `Paged ${i}` });
    const first = await listFeedback(db, {}, 1);
    expect(first.items).toHaveLength(25);
    expect(first.pages).toBe(Math.ceil(first.total / 25));
    const last = await listFeedback(db, {}, first.pages);
    expect(last.items.length).toBe(first.total - 25 * (first.pages - 1));
    expect(last.items.at(-1)!.body).toBe('Paged 0');
  });

  it('ties a report of a standard not met to the complaint made from it, once', async () => {
    const raised = await raiseCase({ db, actor: resident, now: NOW, publicUrl: 'https://brackenfield.example' }, {
      requestType: await getRequestType(db, { code: 'missed-bin' }),
      channel: 'web',
      answers: { bin_type: 'recycling', collection_date: '2026-05-18', location: { address: '1 Mill Lane', postcode: 'BF1 2AB' } },
      contact: { name: 'Dee Roe' },
      receivedAt: NOW,
    });
    const caseId = (await db.selectFrom('cases').select('id').where('reference', '=', raised.reference).executeTakeFirstOrThrow()).id;
    const id = await recordFeedback(db, resident, { kind: 'failed_standard', receivedAt: NOW, channel: 'web', body: 'Late', standardId });
    expect(await linkFeedbackToCase(db, resident, id, caseId)).toBe(true);
    expect(await linkFeedbackToCase(db, resident, id, caseId)).toBe(false);
    expect(await linkFeedbackToCase(db, resident, 'made-up', caseId)).toBe(false);
    expect((await db.selectFrom('feedback').select('case_id').where('id', '=', id).executeTakeFirstOrThrow()).case_id).toBe(caseId);
  });

  it('names feedback in the audit trail by kind and date, linked to its page', async () => {
    const id = await recordFeedback(db, resident, { kind: 'compliment', receivedAt: NOW, channel: 'web', body: 'Thanks' });
    expect((await describeFeedback(db, [id, 'not-an-id'])).get(id)).toEqual({ text: 'Compliment, 20 May 2026', href: `/staff/insight/feedback/${id}` });
  });

  it('refuses an owner who is not active staff and a bad title', async () => {
    await expect(createAction(ctx(), action({ ownerId: '00000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(InvalidInput);
    await expect(createAction(ctx(), action({ title: ' ' }))).rejects.toBeInstanceOf(InvalidInput);
  });
});
