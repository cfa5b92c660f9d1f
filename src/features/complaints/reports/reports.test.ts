// The statutory reports on fixed fixtures built through the real complaint service, with every
// expected figure counted by hand below. October 2026 has no bank holiday in Scotland or England,
// so working days are plain weekdays. Its working days, numbered:
//   Thu 1 = 1, Fri 2 = 2, Mon 5 = 3, Tue 6 = 4, Wed 7 = 5, Thu 8 = 6, Fri 9 = 7, Mon 12 = 8,
//   Tue 13 = 9, Wed 14 = 10, Thu 15 = 11, Fri 16 = 12, Mon 19 = 13, … Fri 23 = 17, Mon 26 = 18,
//   Tue 27 = 19, Wed 28 = 20, Thu 29 = 21, Fri 30 = 22.
// Working days from a stage's start to its response = the difference of those numbers (day 0 is
// the day it started), so "received 1 October, answered 8 October" is 6 − 1 = 5 working days.
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Db } from '../../../platform/db/database.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { createUser, findUserByEmail } from '../../../platform/auth/users.js';
import { setUpCouncil } from '../../council/service.js';
import type { CaseContext } from '../../cases/lifecycle.js';
import type { Nation } from '../../../time/nation.js';
import * as complaints from '../service.js';
import { buildReport, drillDown, type Report } from './service.js';
import type { ReportKind } from '../model.js';

const admin: Actor = { type: 'staff', id: undefined, label: 'Alex Morgan' };
const resident: Actor = { type: 'resident', label: 'Jo Bloggs' };
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
/** 10:00 UTC: within office hours on either side of the clocks going back (25 October). */
const at = (day: string): Date => new Date(`${day}T10:00:00Z`);
const ctx = (db: Db, actor: Actor, day: string): CaseContext => ({ db, actor, now: at(day), publicUrl: 'https://council.example' });

async function officer(db: Db, name: string): Promise<Actor> {
  const email = `${name.toLowerCase().replace(' ', '.')}@council.example`;
  const user = (await findUserByEmail(db, email)) ?? (await createUser(db, admin, { email, displayName: name, roles: ['complaints_officer'], password: 'a long enough password 1' }));
  return { type: 'staff', id: user.id, label: name };
}

async function councilIn(db: Db, nation: Nation, procedure: string, population: number): Promise<void> {
  await setUpCouncil(db, admin, { name: 'Test Council', nation, population, logoUrl: null, email: null, phone: null, website: null, address: null });
  await complaints.adoptProcedure(db, admin, { code: procedure, welsh: false, now: at('2026-09-01') });
}

/** A small script of what happened to one complaint, run through the real service functions. */
class Complaint {
  reference = '';
  constructor(private readonly db: Db) {}
  private async version(): Promise<number> {
    return (await this.db.selectFrom('cases').select('version').where('reference', '=', this.reference).executeTakeFirstOrThrow()).version;
  }
  async make(by: Actor, day: string, extra: Partial<complaints.NewComplaint> = {}): Promise<this> {
    const made = await complaints.makeComplaint(ctx(this.db, by, day), { channel: 'web', receivedAt: at(day), contact: { name: 'Jo Bloggs' }, whatHappened: 'Something went wrong.', ...extra });
    this.reference = made.reference;
    return this;
  }
  async acknowledge(by: Actor, day: string): Promise<this> {
    await complaints.acknowledgeComplaint(ctx(this.db, by, day), { reference: this.reference, expectedVersion: await this.version() });
    return this;
  }
  async respond(by: Actor, day: string, decision: string, learning = ''): Promise<this> {
    await complaints.respondToComplaint(ctx(this.db, by, day), { reference: this.reference, expectedVersion: await this.version(), response: { decision, reasons: 'Because.', apology: 'yes', learning } });
    return this;
  }
  async escalate(by: Actor, who: 'resident' | 'staff', day: string): Promise<this> {
    await complaints.escalateComplaint(ctx(this.db, by, day), { reference: this.reference, expectedVersion: await this.version(), by: who, reason: 'Still unhappy.' });
    return this;
  }
  async extend(by: Actor, day: string, code: string, days: number): Promise<this> {
    const standardId = (await this.db.selectFrom('service_standard').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    await complaints.extendComplaint(ctx(this.db, by, day), { reference: this.reference, expectedVersion: await this.version(), standardId, by: days, reason: 'Waiting for records.' });
    return this;
  }
}

/** Number (or average or rate), percentage and count of a figure, by its key. */
function figures(report: Report): Record<string, [number | null, number | null | undefined]> {
  return Object.fromEntries(report.sections.flatMap((s) => s.figures.map((f) => [f.key, [f.value, f.percent]])));
}

async function drilled(db: Db, kind: ReportKind, key: string, names: Record<string, string>): Promise<string[]> {
  const byReference = Object.fromEntries(Object.entries(names).map(([name, ref]) => [ref, name]));
  return (await drillDown(db, kind, key, OCTOBER)).items.map((i) => byReference[i.fact.reference] ?? i.fact.reference).sort();
}

forEachEngine('SPSO indicators on a fixed Scottish fixture', (use) => {
  it('counts received, closed, outcomes, working days, timescales, extensions and learning as counted by hand', async () => {
    const { db } = use();
    await councilIn(db, 'scotland', 'scotland-model-complaints-handling-procedure', 50_000);
    const grace = await officer(db, 'Grace Okafor');
    const c = () => new Complaint(db);
    // C1: received 1 Oct, upheld at stage 1 on 5 Oct (3 − 1 = 2 days), learning.
    const c1 = await (await c().make(resident, '2026-10-01')).respond(grace, '2026-10-05', 'upheld', 'Letters now say who to call.');
    // C2: received 1 Oct, not upheld on 8 Oct (6 − 1 = 5 days: still within 5).
    const c2 = await (await c().make(resident, '2026-10-01')).respond(grace, '2026-10-08', 'not_upheld');
    // C3: received 1 Oct, extended by 5 on 6 Oct, partly upheld on 12 Oct (8 − 1 = 7 days), learning.
    const c3 = await (await (await c().make(resident, '2026-10-01')).extend(grace, '2026-10-06', 'complaint-stage-1-response', 5)).respond(grace, '2026-10-12', 'partly_upheld', 'Crews check the map before a round.');
    // C4: received 2 Oct, resolved on 14 Oct (10 − 2 = 8 days), late and not extended.
    const c4 = await (await c().make(resident, '2026-10-02')).respond(grace, '2026-10-14', 'resolved');
    // C5: received 5 Oct, partly upheld on 6 Oct (4 − 3 = 1 day); the resident escalates on 7 Oct;
    // acknowledged 8 Oct; upheld at stage 2 on 21 Oct (15 − 5 = 10 days), learning.
    const c5 = await (await (await (await (await c().make(resident, '2026-10-05')).respond(grace, '2026-10-06', 'partly_upheld')).escalate(resident, 'resident', '2026-10-07')).acknowledge(grace, '2026-10-08')).respond(grace, '2026-10-21', 'upheld', 'Stage 2 found the root cause.');
    // C6: received 5 Oct, not upheld on 7 Oct (5 − 3 = 2 days); staff escalate on 8 Oct; the stage 2
    // response is extended by 10 on 20 Oct; not upheld on 30 Oct (22 − 6 = 16 days).
    const c6 = await (await (await (await (await c().make(resident, '2026-10-05')).respond(grace, '2026-10-07', 'not_upheld')).escalate(grace, 'staff', '2026-10-08')).extend(grace, '2026-10-20', 'complaint-stage-2-response', 10)).respond(grace, '2026-10-30', 'not_upheld');
    // C7: straight to stage 2 on 1 Oct (complex), partly upheld on 30 Oct (22 − 1 = 21 days: over 20).
    const c7 = await (await c().make(grace, '2026-10-01', { directToStage2: { reason: 'Complex' } })).respond(grace, '2026-10-30', 'partly_upheld');
    // C8: straight to stage 2 on 7 Oct, not answered yet. C9: received 12 Oct, not answered yet.
    const c8 = await c().make(grace, '2026-10-07', { directToStage2: { reason: 'Complex' } });
    const c9 = await c().make(resident, '2026-10-12');
    // C10: received Monday 28 September (before the period), not upheld on Friday 2 October:
    // 28, 29, 30 September, 1, 2 October = 4 working days. Closed in the period, not received in it.
    const c10 = await (await c().make(resident, '2026-09-28')).respond(grace, '2026-10-02', 'not_upheld');
    const names = { c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 };
    const refs = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v.reference]));

    const spso = figures(await buildReport(db, 'spso', OCTOBER));
    expect(spso).toEqual({
      // Received in October: C1–C9 = 9 (C10 came in September). 9 ÷ 50,000 × 1,000 = 0.18.
      received: [9, undefined],
      'received.per1000': [0.18, undefined],
      // Responses in October: stage 1 C1, C2, C3, C4, C5, C6, C10 = 7; stage 2 direct C7 = 1;
      // stage 2 after escalation C5, C6 = 2; 10 in all: 70%, 10%, 20%.
      'closed.s1': [7, 70],
      'closed.direct': [1, 10],
      'closed.escalated': [2, 20],
      'closed.all': [10, undefined],
      // Stage 1 (of 7): upheld C1; partly C3, C5; not upheld C2, C6, C10; resolved C4.
      'outcome.s1.upheld': [1, 14.3],
      'outcome.s1.partly_upheld': [2, 28.6],
      'outcome.s1.not_upheld': [3, 42.9],
      'outcome.s1.resolved': [1, 14.3],
      // Stage 2 (of 3): upheld C5, partly C7, not upheld C6.
      'outcome.s2.upheld': [1, 33.3],
      'outcome.s2.partly_upheld': [1, 33.3],
      'outcome.s2.not_upheld': [1, 33.3],
      'outcome.s2.resolved': [0, 0],
      // Stage 1: (2 + 5 + 7 + 8 + 1 + 2 + 4) ÷ 7 = 29 ÷ 7 = 4.14; direct: 21; escalated (10 + 16) ÷ 2 = 13.
      'days.s1': [4.1, undefined],
      'days.direct': [21, undefined],
      'days.escalated': [13, undefined],
      // Within 5 at stage 1: C1 (2), C2 (5), C5 (1), C6 (2), C10 (4) = 5 of 7; not C3 (7), C4 (8).
      'within.s1': [5, 71.4],
      // Within 20 at stage 2: direct C7 took 21, so 0 of 1; escalated C5 (10), C6 (16): 2 of 2.
      'within.direct': [0, 0],
      'within.escalated': [2, 100],
      // Extended: stage 1 C3 (1 of 7); stage 2 C6 (1 of 3).
      'extended.s1': [1, 14.3],
      'extended.s2': [1, 33.3],
      // Learning recorded: C1, C3 (stage 1) and C5 (stage 2).
      learning: [3, undefined],
    });
    // NIPSO asks for the same indicators.
    expect(figures(await buildReport(db, 'nipso', OCTOBER))).toEqual(spso);

    // The drill-down lists exactly the complaints counted.
    expect(await drilled(db, 'spso', 'within.s1', refs)).toEqual(['c1', 'c10', 'c2', 'c5', 'c6']);
    expect(await drilled(db, 'spso', 'received', refs)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
    expect(await drilled(db, 'spso', 'closed.escalated', refs)).toEqual(['c5', 'c6']);
    expect(await drilled(db, 'spso', 'extended.s2', refs)).toEqual(['c6']);
    expect(await drilled(db, 'spso', 'learning', refs)).toEqual(['c1', 'c3', 'c5']);

    // Wales's return on the same complaints: one quarter cut to October. Received 9 (0.18 per
    // 1,000); 10 responses, all but C7 (21 days) within 20: 90%; upheld or partly upheld: C1, C3,
    // C5 at stage 1 and C5, C7 at stage 2 = 5 of 10: 50%.
    const wales = await buildReport(db, 'wales', OCTOBER);
    expect(wales.sections.map((s) => s.title)).toEqual(['1 October 2026 to 31 October 2026']);
    expect(figures(wales)).toEqual({ received: [9, undefined], 'received.per1000': [0.18, undefined], 'closed.all': [10, undefined], 'within.wales': [9, 90], 'upheld.any': [5, 50] });
    const learning = (await buildReport(db, 'spso', OCTOBER)).learning.map((l) => [l.reference, l.stage]);
    expect(learning).toEqual([[refs.c1, 1], [refs.c3, 1], [refs.c5, 2]]);
  });
});

forEachEngine('England’s annual report on a fixed fixture', (use) => {
  it('counts stages, the Code’s timescales, outcomes, extensions, the Ombudsman and learning as counted by hand', async () => {
    const { db } = use();
    await councilIn(db, 'england', 'england-complaint-handling-code', 100_000);
    const grace = await officer(db, 'Grace Okafor');
    const sam = await officer(db, 'Sam Whitfield');
    const complaintsService = (await db.selectFrom('service').select('id').where('code', '=', 'complaints').executeTakeFirstOrThrow()).id;
    const c = () => new Complaint(db);
    // England: acknowledge within 5 working days of receipt; respond within 10 of acknowledgement.
    // E1: received 1 Oct (about the Complaints service), acknowledged 2 Oct (met), upheld 9 Oct (due 16 Oct: met), learning.
    const e1 = await (await (await c().make(resident, '2026-10-01', { about: { serviceId: complaintsService } })).acknowledge(grace, '2026-10-02')).respond(grace, '2026-10-09', 'upheld', 'Forms now ask for a phone number.');
    // E2: received 1 Oct, acknowledged 12 Oct (due 8 Oct: missed), not upheld 14 Oct (due 26 Oct: met).
    const e2 = await (await (await c().make(resident, '2026-10-01')).acknowledge(grace, '2026-10-12')).respond(grace, '2026-10-14', 'not_upheld');
    // E3: received 5 Oct, acknowledged 6 Oct (met); response due 20 Oct, extended by 10 on 16 Oct to
    // 3 November; partly upheld 26 Oct (met), learning. The resident escalates 27 Oct; Sam
    // acknowledges 28 Oct (met) and upholds it 30 Oct (met).
    const e3 = await (await (await (await (await (await (await c().make(resident, '2026-10-05')).acknowledge(grace, '2026-10-06')).extend(grace, '2026-10-16', 'complaint-stage-1-response', 10))
      .respond(grace, '2026-10-26', 'partly_upheld', 'Repairs are booked while the tenant is on the phone.')).escalate(resident, 'resident', '2026-10-27')).acknowledge(sam, '2026-10-28')).respond(sam, '2026-10-30', 'upheld');
    // E4: received 2 Oct, acknowledged 5 Oct (met); response due 19 Oct, resolved 29 Oct (missed).
    const e4 = await (await (await c().make(resident, '2026-10-02')).acknowledge(grace, '2026-10-05')).respond(grace, '2026-10-29', 'resolved');
    // E5: straight to stage 2 on 7 Oct; acknowledged 8 Oct (met), not upheld 13 Oct (met).
    const e5 = await (await (await c().make(grace, '2026-10-07', { directToStage2: { reason: 'Complex' } })).acknowledge(grace, '2026-10-08')).respond(grace, '2026-10-13', 'not_upheld');
    // E6: received 30 September (before the period), acknowledged 1 Oct, still open.
    const e6 = await (await c().make(resident, '2026-09-30')).acknowledge(grace, '2026-10-01');
    // The Ombudsman: an enquiry about E2 on 20 Oct, decided not upheld on 29 Oct; an enquiry about E6 on 15 Oct.
    const version = async (ref: string) => (await db.selectFrom('cases').select('version').where('reference', '=', ref).executeTakeFirstOrThrow()).version;
    await complaints.recordReferral(ctx(db, grace, '2026-10-29'), { reference: e2.reference, expectedVersion: await version(e2.reference), referral: { enquiryOn: '2026-10-20', enquiry: 'Why so slow?', decision: 'not_upheld', decidedOn: '2026-10-29' } });
    await complaints.recordReferral(ctx(db, grace, '2026-10-15'), { reference: e6.reference, expectedVersion: await version(e6.reference), referral: { enquiryOn: '2026-10-15', enquiry: 'Please send the file.' } });
    const refs = Object.fromEntries(Object.entries({ e1, e2, e3, e4, e5, e6 }).map(([k, v]) => [k, v.reference]));

    const report = await buildReport(db, 'england', OCTOBER);
    expect(figures(report)).toEqual({
      // Stage 1 begun in October: E1, E2, E3, E4 (E6 began in September, E5 went straight to stage 2).
      'received.s1': [4, undefined],
      // Stage 2 begun in October: E3 (escalated), E5 (direct).
      'received.s2': [2, undefined],
      // Responses in October: stage 1 E1, E2, E3, E4; stage 2 E3, E5: 4 and 2 of 6.
      'closed.s1': [4, 66.7],
      'closed.s2': [2, 33.3],
      // Stage 1 acknowledgements of those responses: met E1, E3, E4; missed E2: 3 of 4.
      'acknowledgement.met.s1': [3, 75],
      // Stage 1 responses: met E1, E2, E3 (extended); missed E4: 3 of 4.
      'response.met.s1': [3, 75],
      'acknowledgement.met.s2': [2, 100],
      'response.met.s2': [2, 100],
      // Stage 1 (of 4): one each. Stage 2 (of 2): upheld E3, not upheld E5.
      'outcome.s1.upheld': [1, 25],
      'outcome.s1.partly_upheld': [1, 25],
      'outcome.s1.not_upheld': [1, 25],
      'outcome.s1.resolved': [1, 25],
      'outcome.s2.upheld': [1, 50],
      'outcome.s2.partly_upheld': [0, 0],
      'outcome.s2.not_upheld': [1, 50],
      'outcome.s2.resolved': [0, 0],
      // Extended: E3 at stage 1 (1 of 4); none at stage 2.
      'extended.s1': [1, 25],
      'extended.s2': [0, 0],
      // Ombudsman: enquiries about E2 and E6; one decision, not upheld (E2).
      'ombudsman.enquiries': [2, undefined],
      'ombudsman.decided.not_investigated': [0, undefined],
      'ombudsman.decided.upheld': [0, undefined],
      'ombudsman.decided.partly_upheld': [0, undefined],
      'ombudsman.decided.not_upheld': [1, undefined],
      'ombudsman.decided.settled': [0, undefined],
      // Learning: E1, E3.
      learning: [2, undefined],
    });
    // Learning by service: E1's under Complaints, E3's not linked to one.
    expect(report.learning.map((l) => [l.service, l.reference])).toEqual([['Complaints', refs.e1], ['Not linked to a service', refs.e3]]);
    expect(report.selfAssessment?.length).toBeGreaterThanOrEqual(12);
    expect(await drilled(db, 'england', 'acknowledgement.met.s1', refs)).toEqual(['e1', 'e3', 'e4']);
    expect(await drilled(db, 'england', 'response.met.s1', refs)).toEqual(['e1', 'e2', 'e3']);
    expect(await drilled(db, 'england', 'ombudsman.enquiries', refs)).toEqual(['e2', 'e6']);
    expect(await drilled(db, 'england', 'received.s2', refs)).toEqual(['e3', 'e5']);
  });
});
