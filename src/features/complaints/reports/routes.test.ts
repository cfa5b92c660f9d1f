// The report pages over HTTP on both engines (the demo council: England, population 98,500): the
// adopted procedure's report first, the others a link away; mistakes in the dates come back as the
// GOV.UK error summary, never a 500; the CSV; the drill-down lists exactly the complaints counted;
// the self-assessment is edited with optimistic locking and audited; other roles are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { makeComplaint, respondToComplaint } from '../service.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const OCTOBER = 'from=2026-10-01&to=2026-10-31';
const at = (day: string) => new Date(`${day}T10:00:00Z`);

forEachEngine('the complaints report pages', (_use, engine) => {
  let t: TestApp;
  const refs: string[] = [];
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    const db = t.database.db;
    const grace: Actor = { type: 'staff', id: (await db.selectFrom('staff_user').select('id').where('email', '=', 'complaints@brackenfield.example').executeTakeFirstOrThrow()).id, label: 'Grace Okafor' };
    // Two complaints in October, one answered there; one in September, outside the period.
    for (const day of ['2026-10-05', '2026-10-06', '2026-09-10']) {
      const made = await makeComplaint({ db, actor: { type: 'resident', label: 'Jo' }, now: at(day), publicUrl: 'https://x.example' }, { channel: 'web', receivedAt: at(day), contact: { name: 'Jo' }, whatHappened: 'Missed bin.' });
      refs.push(made.reference);
    }
    await respondToComplaint({ db, actor: grace, now: at('2026-10-07'), publicUrl: 'https://x.example' }, { reference: refs[0]!, response: { decision: 'upheld', reasons: 'We missed it.', apology: 'yes', learning: 'Crews now photograph the bin.' } });
  });
  afterAll(() => t?.close());

  const signedIn = async (email = 'manager@brackenfield.example') => {
    const client = new Client(t.app);
    await client.signIn(email);
    return client;
  };

  it('shows the adopted procedure’s report first, with the others reachable, each figure a drill-down link', async () => {
    const manager = await signedIn();
    const page = await manager.get('/staff/complaints/reports');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Annual complaints performance and service improvement report (England)</h1>');
    expect(page.body).toContain('(your procedure’s report)');
    for (const kind of ['spso', 'nipso', 'wales', 'england']) {
      const report = await manager.get(`/staff/complaints/reports/${kind}?${OCTOBER}`);
      expect(report.statusCode, kind).toBe(200);
      expect(report.body).toContain(`/staff/complaints/reports/drill?report=${kind}&amp;measure=`);
      expect(report.body).toContain(`/staff/complaints/reports/${kind}/csv?${OCTOBER.replace('&', '&amp;')}`);
    }
    const spso = (await manager.get(`/staff/complaints/reports/spso?${OCTOBER}`)).body;
    // 2 received in October, of 98,500 people: 0.02 per 1,000.
    expect(spso).toMatch(/measure=received.per1000[^"]*">0.02</);
    expect(spso).toContain('Crews now photograph the bin.');
    expect((await manager.get('/staff/complaints/reports/somewhere')).statusCode).toBe(404);
    expect((await manager.get('/staff/complaints/reports/spso?period=last-quarter')).statusCode).toBe(200);
  });

  it('answers bad dates, and an end before the start, with the GOV.UK error summary', async () => {
    const manager = await signedIn();
    const bad = await manager.get('/staff/complaints/reports/spso?from=2026-13-01&to=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('<a href="#from">Start date must be a real date, like 2026-04-01</a>');
    expect(bad.body).toContain('<a href="#to">End date must be a real date, like 2027-03-31</a>');
    const backwards = await manager.get('/staff/complaints/reports/england?from=2026-10-31&to=2026-10-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('End date must be the same as or after the start date');
    const csv = await manager.get('/staff/complaints/reports/wales/csv?from=31/10/2026&to=1/10/2026');
    expect(csv.statusCode).toBe(400);
    expect(csv.headers['content-type']).toMatch(/text\/html/);
    expect(csv.body).toContain('There is a problem');
    const drill = await manager.get('/staff/complaints/reports/drill?report=spso&measure=received&from=x&to=2026-10-31');
    expect(drill.statusCode).toBe(400);
    expect(drill.body).toContain('There is a problem');
  });

  it('downloads each report as CSV, audited', async () => {
    const manager = await signedIn();
    const csv = await manager.get(`/staff/complaints/reports/england/csv?${OCTOBER}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('complaints-england-2026-10-01-to-2026-10-31.csv');
    expect(csv.body).toContain('Complaints received,Complaints received at stage 1,2,,2,2026-10-01,2026-10-31');
    expect(csv.body).toContain('Self-assessment section');
    const spso = await manager.get(`/staff/complaints/reports/spso/csv?${OCTOBER}`);
    expect(spso.body).toContain('Complaints closed at each stage,Closed at stage 1,1,100%,1,2026-10-01,2026-10-31');
    const audited = await t.database.db.selectFrom('audit_event').select('subject_id').where('action', '=', 'complaints.report_downloaded').execute();
    expect(audited.map((a) => a.subject_id).sort()).toEqual(['england', 'spso']);
  });

  it('drills into a figure: exactly the complaints counted, linked to their pages', async () => {
    const manager = await signedIn();
    const received = await manager.get(`/staff/complaints/reports/drill?report=england&measure=received.s1&${OCTOBER}`);
    expect(received.statusCode).toBe(200);
    const listed = [...received.body.matchAll(/href="\/staff\/complaints\/([A-Z0-9-]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([refs[0], refs[1]].sort());
    const closed = await manager.get(`/staff/complaints/reports/drill?report=spso&measure=closed.s1&${OCTOBER}`);
    expect([...closed.body.matchAll(/href="\/staff\/complaints\/([A-Z0-9-]+)"/g)].map((m) => m[1])).toEqual([refs[0]]);
    expect(closed.body).toContain('Stage 1 response, upheld, 2 working days');
    expect((await manager.get(`/staff/complaints/reports/drill?report=spso&measure=nothing&${OCTOBER}`)).statusCode).toBe(404);
    expect((await manager.get(`/staff/complaints/reports/drill?report=mars&measure=received&${OCTOBER}`)).statusCode).toBe(404);
    expect((await manager.get(`/staff/complaints/reports/drill?report=spso&measure=constructor&${OCTOBER}`)).statusCode).toBe(404);
  });

  it('edits the self-assessment with optimistic locking, audited; a stale version is refused with the changes kept', async () => {
    const officer = await signedIn('complaints@brackenfield.example');
    const list = await officer.get('/staff/complaints/reports/self-assessment');
    expect(list.statusCode).toBe(200);
    const id = /self-assessment\/([0-9a-f-]{36})"/.exec(list.body)?.[1];
    expect(id).toBeDefined();
    const form = await officer.get(`/staff/complaints/reports/self-assessment/${id}`);
    expect(form.body).toContain('name="version" value="1"');
    const missing = await officer.post(`/staff/complaints/reports/self-assessment/${id}`, { version: '1', evidence: 'Policy', commentary: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<a href="#met">Select whether the requirement is met</a>');
    const saved = await officer.post(`/staff/complaints/reports/self-assessment/${id}`, { version: '1', met: 'partly', evidence: 'Our policy, page 3', commentary: 'Training due in January' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/staff/complaints/reports/self-assessment?saved=1');
    const stale = await officer.post(`/staff/complaints/reports/self-assessment/${id}`, { version: '1', met: 'yes', evidence: 'Mine', commentary: '' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('changed by someone else since you opened it');
    expect(stale.body).toContain('Mine');
    const row = await t.database.db.selectFrom('complaint_self_assessment').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ met: 'partly', evidence: 'Our policy, page 3', version: 2, updated_by_label: 'Grace Okafor' });
    const audit = await t.database.db.selectFrom('audit_event').select(['subject_id', 'detail']).where('action', '=', 'complaints.self_assessment_updated').execute();
    expect(audit).toEqual([{ subject_id: id, detail: { met: 'partly' } }]);
    expect((await officer.get('/staff/complaints/reports/self-assessment/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await officer.get('/staff/complaints/reports/self-assessment/nope')).statusCode).toBe(404);
  });

  it('is only for managers, administrators and complaints officers', async () => {
    for (const email of ['advisor@brackenfield.example', 'officer@brackenfield.example']) {
      const client = await signedIn(email);
      expect((await client.get('/staff/complaints/reports')).statusCode).toBe(403);
      expect((await client.get(`/staff/complaints/reports/spso/csv?${OCTOBER}`)).statusCode).toBe(403);
    }
    expect((await (await signedIn('admin@brackenfield.example')).get('/staff/complaints/reports')).statusCode).toBe(200);
    expect((await (await signedIn()).get('/staff')).body).toContain('Complaints reports');
  });
});
