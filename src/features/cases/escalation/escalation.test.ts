// Escalation on both engines: a clock that has used 75% of its time (or its standard's own share) is
// escalated at risk once however often the job runs, then breached once; a 1 working day
// acknowledgement is not at risk minutes after the request arrives; the assignee and the team's leads are told once each, with the right
// details; paused clocks and finished cases are left alone; a case nobody owns still shows it was
// escalated; and on PostgreSQL, runs at the same moment escalate each level once between them.
import pino from 'pino';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { startWorker } from '../../../platform/jobs/index.js';
import { serviceSchema, standardSchema } from '../../charter/model.js';
import { requestTypeSchema } from '../../charter/request-types.js';
import * as charter from '../../charter/service.js';
import { setUpCouncil } from '../../council/service.js';
import * as lifecycle from '../lifecycle.js';
import { raiseCase } from '../service.js';
import { ESCALATE_JOB } from './job.js';
import { describeEscalation, NOBODY_TOLD } from './model.js';
import { escalateCases } from './service.js';
import { insertEscalation, selectEscalations } from './store.js';

const admin: Actor = { type: 'staff', id: 'admin', label: 'Admin' };
const PUBLIC_URL = 'https://council.example';
const logger = pino({ level: 'silent' });

async function staff(db: Db, name: string): Promise<string> {
  const email = `${name.split(' ')[0]!.toLowerCase()}@council.example`;
  const row = await db.insertInto('staff_user').values({ email, display_name: name, roles: ['officer'], password_hash: 'not used' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A council with one 5 working day standard; Street Scene has two leads (one of them Priya), Parks has none. */
async function setUp(db: Db) {
  await setUpCouncil(db, admin, { name: 'Test Council', nation: 'england', population: null, logoUrl: null, email: null, phone: null, website: null, address: null });
  const streets = await charter.createTeam(db, admin, { name: 'Street Scene', department: 'Environment', email: null });
  const parks = await charter.createTeam(db, admin, { name: 'Parks', department: 'Environment', email: null });
  const people = { priya: await staff(db, 'Priya Shah'), tom: await staff(db, 'Tom Brook'), sam: await staff(db, 'Sam Reed') };
  await db
    .insertInto('team_member')
    .values([
      { team_id: streets.id, user_id: people.priya, lead: true },
      { team_id: streets.id, user_id: people.tom, lead: true },
      { team_id: streets.id, user_id: people.sam, lead: false },
      { team_id: parks.id, user_id: people.sam, lead: false },
    ])
    .execute();
  const serviceId = await charter.createService(db, admin, serviceSchema.parse({ code: 'bins', name: 'Bins', department: 'Environment', teamId: streets.id, description: '', channels: ['web'], published: 'yes' }));
  const standardId = await charter.addStandard(db, admin, serviceId, standardSchema.parse({ code: 'fix', sentence: 'We will collect a missed bin within 5 working days', stage: 'resolution', clockUnit: 'working_days', clockAmount: '5', startEvent: 'received', stopEvent: 'resolved', targetPercent: '95', published: 'yes' }));
  const fields = [{ code: 'details', label: 'Details', type: 'long_text', required: true, order: 1 }];
  const requestTypeWith = async (code: string, standardIds: string[]) =>
    charter.getRequestType(db, { id: await charter.addRequestType(db, admin, serviceId, requestTypeSchema.parse({ code, name: 'Report a missed bin', description: '', teamId: '', audiences: ['resident'], standardIds, fields })) });
  // 1 working day acknowledgements: one at the default 75%, one that warns at 50%.
  const ack = (code: string, atRiskPercent?: string) =>
    charter.addStandard(db, admin, serviceId, standardSchema.parse({ code, sentence: 'We will acknowledge your report within 1 working day', stage: 'acknowledgement', clockUnit: 'working_days', clockAmount: '1', startEvent: 'received', stopEvent: 'acknowledged', targetPercent: '95', ...(atRiskPercent && { atRiskPercent }), published: 'yes' }));
  return {
    streets, parks, people, standardId,
    requestType: await requestTypeWith('missed-bin', [standardId]),
    acknowledged: await requestTypeWith('missed-bin-ack', [await ack('ack')]),
    acknowledgedAtHalf: await requestTypeWith('missed-bin-ack-half', [await ack('ack-half', '50')]),
  };
}

forEachEngine('escalating at-risk and breached cases', (use, engine) => {
  let s: Awaited<ReturnType<typeof setUp>>;
  const ids: Record<string, { id: string; reference: string }> = {};
  const ctx = (now: string) => ({ db: use().db, actor: admin, now: new Date(now), publicUrl: PUBLIC_URL });
  const escalate = (now: string) => escalateCases({ db: use().db, now: new Date(now), publicUrl: PUBLIC_URL });
  const raise = async (name: string, receivedAt: string, requestType = s.requestType) => {
    ids[name] = await raiseCase(ctx(receivedAt), { requestType, channel: 'web', answers: { details: 'Bin missed' }, contact: {}, receivedAt: new Date(receivedAt) });
    return ids[name];
  };
  const staffMessages = async (name: string) =>
    use()
      .db.selectFrom('notification')
      .select(['template_code', 'recipient', 'personalisation', 'subject'])
      .where('case_id', '=', ids[name]!.id)
      .where('template_code', 'like', 'staff.%')
      .orderBy('created_at')
      .orderBy('recipient')
      .execute();
  const levels = async (name: string) => (await selectEscalations(use().db, ids[name]!.id)).map((e) => e.level);
  const escalatedEvents = async (name: string) =>
    (await use().db.selectFrom('case_event').select(['detail', 'public', 'actor_label']).where('case_id', '=', ids[name]!.id).where('type', '=', 'escalated').orderBy('id').execute());

  it('leaves a clock alone until 75% of its time is used', async () => {
    s = await setUp(use().db);
    // Monday 2 November 2026: 5 working days later is Monday 9 November.
    const owned = await raise('owned', '2026-11-02T09:00:00Z');
    await lifecycle.assignCase(ctx('2026-11-02T10:00:00Z'), { reference: owned.reference, expectedVersion: 1, teamId: s.streets.id, assigneeId: s.people.priya });
    const paused = await raise('paused', '2026-11-02T09:00:00Z');
    await lifecycle.changeStatus(ctx('2026-11-03T10:00:00Z'), { reference: paused.reference, expectedVersion: 1, to: 'waiting_for_customer', message: 'Which bin was it?' });
    const finished = await raise('finished', '2026-11-02T09:00:00Z');
    await lifecycle.changeStatus(ctx('2026-11-03T10:00:00Z'), { reference: finished.reference, expectedVersion: 1, to: 'resolved', message: 'Collected.' });
    const unowned = await raise('unowned', '2026-11-02T09:00:00Z');
    await lifecycle.assignCase(ctx('2026-11-02T10:00:00Z'), { reference: unowned.reference, expectedVersion: 1, teamId: s.parks.id, assigneeId: null });

    // From Monday 09:00 to the end of Monday 9 November is 5.625 working days: a quarter of that
    // (1.40625 days) is left at 14:15 on Friday 6 November. Under the old rule ("due within a working
    // day") Friday 10:00 already escalated.
    expect(await escalate('2026-11-05T10:00:00Z')).toEqual({ escalated: { at_risk: 0, breached: 0 }, skipped: 0 });
    expect(await escalate('2026-11-06T14:14:00Z')).toEqual({ escalated: { at_risk: 0, breached: 0 }, skipped: 0 });
    expect(await levels('owned')).toEqual([]);
  });

  it('escalates a clock that has used 75% of its time once, to the assignee and each team lead once', async () => {
    // Friday 6 November 14:15: due Monday.
    expect((await escalate('2026-11-06T14:15:00Z')).escalated).toEqual({ at_risk: 2, breached: 0 });
    expect(await escalate('2026-11-06T14:20:00Z')).toEqual({ escalated: { at_risk: 0, breached: 0 }, skipped: 0 });
    expect(await levels('owned')).toEqual(['at_risk']);
    const messages = await staffMessages('owned');
    // Priya is both the assignee and a lead of Street Scene: one message. Sam is a member, not a lead.
    expect(messages.map((m) => [m.template_code, m.recipient])).toEqual([
      ['staff.case_at_risk', 'priya@council.example'],
      ['staff.case_at_risk', 'tom@council.example'],
    ]);
    expect(messages[0]!.personalisation).toEqual({
      name: 'Priya Shah',
      reference: ids.owned!.reference,
      service: 'Bins',
      request_type: 'Report a missed bin',
      standard: 'We will collect a missed bin within 5 working days',
      due_date: 'Monday 9 November 2026',
      status: 'Received',
      case_url: `https://council.example/staff/cases/${ids.owned!.reference}`,
    });
    expect(messages[1]!.personalisation.name).toBe('Tom Brook');
    expect(messages[0]!.subject).toBe(`At risk: case ${ids.owned!.reference} is due by Monday 9 November 2026`);
    const [event] = await escalatedEvents('owned');
    expect(event).toMatchObject({ public: false, actor_label: 'CharterDesk', detail: { level: 'at_risk', standardId: s.standardId, notified: ['Priya Shah', 'Tom Brook'] } });
    expect(describeEscalation(event!.detail)).toEqual({
      title: 'Escalated: at risk of missing: We will collect a missed bin within 5 working days',
      lines: ['Due Monday 9 November 2026', 'Told Priya Shah, Tom Brook'],
    });
  });

  it('records the escalation of a case nobody owns, saying nobody was told', async () => {
    expect(await levels('unowned')).toEqual(['at_risk']);
    expect(await staffMessages('unowned')).toEqual([]);
    const [event] = await escalatedEvents('unowned');
    expect(event!.detail).toMatchObject({ level: 'at_risk', notified: [], note: NOBODY_TOLD });
  });

  it('escalates the breach once, after the due date has passed', async () => {
    // Tuesday 10 November, the day after it was due.
    expect((await escalate('2026-11-10T09:00:00Z')).escalated).toEqual({ at_risk: 0, breached: 2 });
    expect((await escalate('2026-11-10T09:05:00Z')).escalated).toEqual({ at_risk: 0, breached: 0 });
    expect((await escalate('2026-11-11T09:00:00Z')).escalated).toEqual({ at_risk: 0, breached: 0 });
    expect(await levels('owned')).toEqual(['at_risk', 'breached']);
    const breached = (await staffMessages('owned')).filter((m) => m.template_code === 'staff.case_breached');
    expect(breached.map((m) => m.recipient)).toEqual(['priya@council.example', 'tom@council.example']);
    expect(breached[0]!.subject).toBe(`Missed: case ${ids.owned!.reference} was due by Monday 9 November 2026`);
    expect((await escalatedEvents('owned')).map((e) => e.detail.level)).toEqual(['at_risk', 'breached']);
  });

  it('never escalates a paused clock or a finished case', async () => {
    for (const name of ['paused', 'finished']) {
      expect(await levels(name)).toEqual([]);
      expect(await staffMessages(name)).toEqual([]);
    }
  });

  it('escalates each level once when runs overlap', async () => {
    // Monday 9 November: due Monday 16th; at risk from 14:15 on Friday 13th, breached on Tuesday 17th.
    for (const n of [1, 2, 3, 4]) await raise(`busy${n}`, '2026-11-09T09:00:00Z');
    for (const at of ['2026-11-13T15:00:00Z', '2026-11-17T10:00:00Z']) {
      const runs = await Promise.all([escalate(at), escalate(at), escalate(at)]);
      expect(runs.reduce((sum, run) => sum + run.escalated.at_risk + run.escalated.breached, 0)).toBe(4);
    }
    for (const n of [1, 2, 3, 4]) {
      expect(await levels(`busy${n}`)).toEqual(['at_risk', 'breached']);
      expect((await escalatedEvents(`busy${n}`)).length).toBe(2);
    }
  });

  it.runIf(engine === 'postgres')('sends nothing for a clock another process is escalating at that moment', async () => {
    const { db } = use();
    const late = await raise('late', '2026-11-16T09:00:00Z');
    const clock = { caseId: late.id, standardId: s.standardId };
    // Another process has inserted the escalation and not yet committed when our run reaches it.
    let commit!: () => void;
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const other = db.transaction().execute(async (trx) => {
      await insertEscalation(trx, clock, 'at_risk', new Date('2026-11-20T15:00:00Z'));
      inserted();
      await new Promise<void>((resolve) => (commit = resolve));
    });
    await insertedYet;
    const ours = escalate('2026-11-20T15:00:00Z');
    await waitForLockWait(db);
    commit();
    await other;
    expect(await ours).toEqual({ escalated: { at_risk: 0, breached: 0 }, skipped: 1 });
    expect(await staffMessages('late')).toEqual([]);
    expect(await escalatedEvents('late')).toEqual([]);
  });

  it('runs as the recurring job cases.escalate, linking to the configured public address', async () => {
    const { db } = use();
    await raise('job', '2026-11-23T09:00:00Z');
    await lifecycle.assignCase(ctx('2026-11-23T10:00:00Z'), { reference: ids.job!.reference, expectedVersion: 1, teamId: s.parks.id, assigneeId: s.people.sam });
    // Friday 27 November, after 14:15: due Monday 30th.
    const now = new Date('2026-11-27T15:00:00Z');
    const worker = startWorker({ db, logger, now: () => now, pollMs: 0, publicUrl: 'https://services.example.gov.uk' });
    await worker.runOnce();
    await worker.stop();
    const jobs = await db.selectFrom('job').select(['run_at', 'done_at', 'last_error']).where('kind', '=', ESCALATE_JOB).orderBy('id').execute();
    expect(jobs.map((j) => [j.done_at !== null, j.run_at.toISOString(), j.last_error])).toEqual([
      [true, '2026-11-27T15:00:00.000Z', null],
      [false, '2026-11-27T15:05:00.000Z', null],
    ]);
    const [message] = await staffMessages('job');
    expect(message).toMatchObject({ template_code: 'staff.case_at_risk', recipient: 'sam@council.example' });
    expect(message!.personalisation.case_url).toBe(`https://services.example.gov.uk/staff/cases/${ids.job!.reference}`);
  });

  // Later tests share the database with the cases above, some still running: they look at their own
  // cases' escalations, not at a run's totals.
  it('does not tell anyone minutes after a request under a 1 working day acknowledgement arrives', async () => {
    // Monday 7 December 2026, 10:00: due by the end of Tuesday 8th.
    // In the service's team, Street Scene, with nobody assigned (assigning would stop the clock).
    await raise('ack', '2026-12-07T10:00:00Z', s.acknowledged);
    await escalate('2026-12-07T10:04:00Z');
    await escalate('2026-12-07T17:00:00Z');
    expect(await levels('ack')).toEqual([]);
    expect(await staffMessages('ack')).toEqual([]);
  });

  it('tells the team leads once 75% of the working day allowed is used', async () => {
    // 14 hours of Monday and all of Tuesday: a quarter (9.5 hours) is left at 14:30 on Tuesday.
    await escalate('2026-12-08T14:29:00Z');
    expect(await levels('ack')).toEqual([]);
    await escalate('2026-12-08T14:30:00Z');
    expect(await levels('ack')).toEqual(['at_risk']);
    expect((await staffMessages('ack')).map((m) => [m.template_code, m.recipient])).toEqual([
      ['staff.case_at_risk', 'priya@council.example'],
      ['staff.case_at_risk', 'tom@council.example'],
    ]);
  });

  it('warns earlier for a standard that says 50%', async () => {
    // Half of the 38 hours from Monday 10:00 is gone at 05:00 on Tuesday.
    await raise('half', '2026-12-07T10:00:00Z', s.acknowledgedAtHalf);
    await escalate('2026-12-08T04:59:00Z');
    expect(await levels('half')).toEqual([]);
    await escalate('2026-12-08T05:00:00Z');
    expect(await levels('half')).toEqual(['at_risk']);
  });

  it('does not count time waiting for the customer', async () => {
    // Paused Monday 11:00 until Tuesday 11:00: one working day, so due by the end of Wednesday and at
    // risk at 14:30 on Wednesday, not Tuesday.
    const waiting = await raise('waiting', '2026-12-07T10:00:00Z', s.acknowledged);
    await lifecycle.changeStatus(ctx('2026-12-07T11:00:00Z'), { reference: waiting.reference, expectedVersion: 1, to: 'waiting_for_customer', message: 'Which bin was it?' });
    await lifecycle.changeStatus(ctx('2026-12-08T11:00:00Z'), { reference: waiting.reference, expectedVersion: 2, to: 'in_progress' });
    await escalate('2026-12-08T15:00:00Z');
    await escalate('2026-12-09T14:29:00Z');
    expect(await levels('waiting')).toEqual([]);
    await escalate('2026-12-09T14:30:00Z');
    expect(await levels('waiting')).toEqual(['at_risk']);
  });

  it('works out the at-risk moment of a clock open before it was stored (migration 0016), then escalates by it', async () => {
    const { db } = use();
    const old = await raise('old', '2026-12-14T10:00:00Z', s.acknowledged);
    const stored = () => db.selectFrom('case_standard').select('at_risk_at').where('case_id', '=', old.id).executeTakeFirstOrThrow();
    expect((await stored()).at_risk_at?.toISOString()).toBe('2026-12-15T14:30:00.000Z');
    await db.updateTable('case_standard').set({ at_risk_at: null }).where('case_id', '=', old.id).execute();
    await escalate('2026-12-14T10:05:00Z');
    expect((await stored()).at_risk_at?.toISOString()).toBe('2026-12-15T14:30:00.000Z');
    expect(await levels('old')).toEqual([]);
    await escalate('2026-12-15T14:30:00Z');
    expect(await levels('old')).toEqual(['at_risk']);
  });
});

/** Waits until a session of this database is waiting for a lock (our run, on the other's row). */
async function waitForLockWait(db: Db): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the escalation run never waited for the other process’s row');
}
