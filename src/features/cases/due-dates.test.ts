// Due dates of a case's standards and their at-risk moments, and their move when the council adds a
// closure day.
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import { addCalendarDay } from '../calendar/service.js';
import { setUpCouncil } from '../council/service.js';
import { serviceSchema, standardSchema } from '../charter/model.js';
import { requestTypeSchema } from '../charter/request-types.js';
import * as charter from '../charter/service.js';
import { raiseCase } from './service.js';

const admin: Actor = { type: 'staff', id: 'admin', label: 'Alex Morgan' };

forEachEngine('case due dates', (use) => {
  let caseId = '';

  it('are set, with the at-risk moment, from the standard’s clock and the council’s calendar when a case is received', async () => {
    const { db } = use();
    await setUpCouncil(db, admin, { name: 'Test Council', nation: 'england', population: null, logoUrl: null, email: null, phone: null, website: null, address: null });
    const serviceId = await charter.createService(db, admin, serviceSchema.parse({ code: 'licensing', name: 'Licensing', department: 'Regulation', teamId: '', description: '', channels: ['web'], published: 'yes' }));
    const reply = await charter.addStandard(db, admin, serviceId, standardSchema.parse({ code: 'reply', sentence: 'We will reply within 5 working days', stage: 'first_response', clockUnit: 'working_days', clockAmount: '5', startEvent: 'received', stopEvent: 'resolved', targetPercent: '95', published: 'yes' }));
    const visit = await charter.addStandard(db, admin, serviceId, standardSchema.parse({ code: 'visit', sentence: 'We will visit within 10 working days of acknowledging', stage: 'visit', clockUnit: 'working_days', clockAmount: '10', startEvent: 'acknowledged', stopEvent: 'visited', targetPercent: '90', published: 'yes' }));
    const fields = [{ code: 'details', label: 'Details', type: 'long_text', required: true, order: 1 }];
    const requestTypeId = await charter.addRequestType(db, admin, serviceId, requestTypeSchema.parse({ code: 'licensing-enquiry', name: 'Ask about a licence', description: '', teamId: '', audiences: ['resident'], standardIds: [reply, visit], fields }));
    const requestType = await charter.getRequestType(db, { id: requestTypeId });
    // Thursday 2 April 2026, 10:00 in London: 5 working days in England is Monday 13 April.
    caseId = (await raiseCase({ db, actor: admin, now: new Date(), publicUrl: 'http://localhost' }, { requestType, channel: 'web', answers: { details: 'Street trading' }, contact: {}, receivedAt: new Date('2026-04-02T09:00:00Z') })).id;
    const clocks = await db.selectFrom('case_standard').select(['standard_id', 'due_at', 'at_risk_at', 'calendar_version_id']).where('case_id', '=', caseId).execute();
    const byStandard = Object.fromEntries(clocks.map((c) => [c.standard_id, c]));
    expect(byStandard[reply]?.due_at?.toISOString()).toBe('2026-04-13T22:59:59.999Z');
    // 75% of the time from Thursday 10:00 to the end of Monday 13 April (Easter left out) has gone at
    // 14:30 on Friday 10 April.
    expect(byStandard[reply]?.at_risk_at?.toISOString()).toBe('2026-04-10T13:30:00.000Z');
    expect(byStandard[visit]?.at_risk_at).toBeNull();
    expect(byStandard[reply]?.calendar_version_id).toBeTruthy();
    expect(byStandard[visit]?.due_at).toBeNull();
  });

  it('move when a closure day is added, at-risk moment too, with the reason on the case’s timeline', async () => {
    const { db } = use();
    await addCalendarDay(db, admin, { date: '2026-04-08', kind: 'closure', reason: 'Office move' });
    const clock = await db.selectFrom('case_standard').select(['due_at', 'at_risk_at']).where('case_id', '=', caseId).where('started_at', 'is not', null).executeTakeFirstOrThrow();
    expect(clock.due_at?.toISOString()).toBe('2026-04-14T22:59:59.999Z');
    // The at-risk moment moves with it: a working day later, as the closure day takes one out.
    expect(clock.at_risk_at?.toISOString()).toBe('2026-04-13T13:30:00.000Z');
    const event = await db.selectFrom('case_event').selectAll().where('case_id', '=', caseId).where('type', '=', 'due_dates_recalculated').executeTakeFirstOrThrow();
    expect(event.actor_label).toBe('Alex Morgan');
    expect(JSON.stringify(event.detail)).toContain('Office move');
    expect(event.detail).toMatchObject({ changes: [{ from: '2026-04-13T22:59:59.999Z', to: '2026-04-14T22:59:59.999Z' }] });
  });
});
