// The work queue and team membership over HTTP on both engines, as a browser sends them: the queue
// with its count in the navigation, assigning ticked cases (mistakes shown on the form, with what was
// chosen kept), who may do what, CSRF, and adding, leading and removing team members, audited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../../test/support/app.js';
import { forEachEngine } from '../../../../test/support/databases.js';
import { loadDemoTeamMembers } from '../../../demo/team-members.js';
import { systemActor } from '../../../platform/audit/audit.js';
import * as charter from '../../charter/service.js';
import { raiseCase } from '../service.js';

// Wednesday 4 November 2026, midday.
const NOW = new Date('2026-11-04T12:00:00Z');

forEachEngine('the work queue and team pages', (_use, engine) => {
  let t: TestApp;
  const refs: string[] = [];
  const db = () => t.database.db;
  const person = async (email: string) => (await db().selectFrom('staff_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const team = async (name: string) => (await db().selectFrom('team').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const kase = (reference: string) => db().selectFrom('cases').select(['team_id', 'assignee_id']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const audits = async (action: string) => (await db().selectFrom('audit_event').select('detail').where('action', '=', action).execute()).map((a) => a.detail);

  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => NOW });
    // Until bootstrap loads the demo team membership itself (it is safe to run twice).
    await loadDemoTeamMembers(db(), systemActor);
    const requestType = await charter.getRequestType(db(), { code: 'missed-bin' });
    // Received Monday, Monday evening (after the cut-off: day 0 is Tuesday) and Wednesday, under a 1
    // working day acknowledgement: the first is overdue by now, the second has used 75% of its time
    // (due by the end of today, at risk from midday) and the third, received this morning, has not.
    for (const [i, at] of ['2026-11-02T09:00:00Z', '2026-11-02T20:00:00Z', '2026-11-04T09:00:00Z'].entries()) {
      const ctx = { db: db(), actor: systemActor, now: new Date(at), publicUrl: 'https://council.example' };
      refs.push((await raiseCase(ctx, { requestType, channel: i === 2 ? 'phone' : 'web', answers: {}, contact: {}, receivedAt: new Date(at) })).reference);
    }
  });
  afterAll(() => t.close());

  async function signedIn(email: string): Promise<Client> {
    const client = new Client(t.app);
    await client.signIn(`${email}@brackenfield.example`);
    return client;
  }

  it('shows an officer their teams’ open cases, most urgent first, and the count in the navigation', async () => {
    const officer = await signedIn('officer');
    const home = await officer.get('/staff');
    expect(home.body).toContain('Cases (3)');
    const page = await officer.get('/staff/cases');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>My teams: open cases');
    expect(page.body).toContain('My teams: 3 open cases');
    expect(page.body).toMatch(/aria-current="page">My teams</);
    const order = [...page.body.matchAll(/href="\/staff\/cases\/([2-9A-Z]{4}-[2-9A-Z]{4})"/g)].map((m) => m[1]);
    expect(order).toEqual(refs);
    expect(page.body).toContain('Overdue');
    expect(page.body.match(/Due soon/g)).toHaveLength(1);
    expect(page.body).toContain('Select case ' + refs[0]);
    expect(page.body).toContain('Assign selected cases');
    // Raising a case is under /staff/cases too, but the navigation marks only the closest item.
    const raise = await officer.get('/staff/cases/new');
    const active = [...raise.body.matchAll(/govuk-service-navigation__item--active">\s*<a[^>]*>\s*(?:<strong[^>]*>)?([^<]+)/g)].map((m) => m[1]?.trim());
    expect(active).toEqual(['Raise a case']);
  });

  it('filters by a GET form, ignores values that are not from its lists, and keeps the filters in the page links', async () => {
    const officer = await signedIn('officer');
    const phone = await officer.get('/staff/cases?view=all&channel=phone');
    expect(phone.body).toContain('All open cases: 1 open case matching the filters');
    expect(phone.body).toContain(refs[2]);
    expect(phone.body).not.toContain(`/staff/cases/${refs[0]}"`);
    expect(phone.body).toMatch(/<option value="phone" selected>Phone<\/option>/);
    const odd = await officer.get('/staff/cases?view=nonsense&service=not-a-service&page=abc&status=%3Cscript%3E');
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('My teams: 3 open cases');
    const none = await officer.get('/staff/cases?ward=Nowhere');
    expect(none.body).toContain('No open cases match the filters');
    const beyond = await officer.get('/staff/cases?view=all&page=9');
    expect(beyond.body).toContain('There is no page 9 of this queue');
    expect(beyond.body).toContain('href="/staff/cases?view=all">Go to the first page</a>');
  });

  it('lets an advisor see the queues but not assign, and tells someone in no team why “my teams” is empty', async () => {
    const advisor = await signedIn('advisor');
    const page = await advisor.get('/staff/cases');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You are not in any team yet');
    expect(page.body).not.toMatch(/>Cases \(\d+\)</);
    const all = await advisor.get('/staff/cases?view=all');
    expect(all.body).toContain(refs[0]);
    expect(all.body).not.toContain('name="references"');
    const refused = await advisor.post('/staff/cases/assign', { references: refs[0]!, assigneeId: await person('advisor@brackenfield.example') });
    expect(refused.statusCode).toBe(403);
    expect((await kase(refs[0]!)).assignee_id).toBeNull();
  });

  it('shows what is wrong with an assignment on the form, keeping the ticks and choices, and saves nothing', async () => {
    const officer = await signedIn('officer');
    await officer.get('/staff/cases');
    const tom = await person('officer@brackenfield.example');
    const none = await officer.post('/staff/cases/assign', { assigneeId: tom, teamId: '' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('<title>Error: My teams: open cases');
    expect(none.body).toContain('href="#references">Select at least one case</a>');
    expect(none.body).toContain('id="references-error"');
    expect(none.body).toMatch(new RegExp(`<option value="${tom}" selected>`));

    const nobody = await officer.post('/staff/cases/assign', { references: [refs[0]!, refs[1]!], assigneeId: '', teamId: '' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('href="#teamId">Choose a team or a person to assign the selected cases to</a>');
    expect(nobody.body).toMatch(new RegExp(`value="${refs[0]}" checked`));
    expect(nobody.body).toMatch(new RegExp(`value="${refs[1]}" checked`));
    expect(nobody.body).not.toMatch(new RegExp(`value="${refs[2]}" checked`));

    const stranger = await officer.post('/staff/cases/assign', { references: refs[0]!, assigneeId: '00000000-0000-4000-8000-000000000000', teamId: '' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toContain('href="#assigneeId">Choose a person from the list</a>');
    const forged = await officer.post('/staff/cases/assign', { references: 'NOT-A-CASE', assigneeId: tom, teamId: 'team?' });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Choose a team from the list');
    const unknown = await officer.post('/staff/cases/assign', { references: 'ZZZZ-ZZZZ', assigneeId: tom, teamId: '' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('There is no case ZZZZ-ZZZZ');
    expect((await kase(refs[0]!)).assignee_id).toBeNull();
  });

  it('refuses an assignment without its CSRF token', async () => {
    const officer = await signedIn('officer');
    await officer.get('/staff/cases');
    const response = await officer.post('/staff/cases/assign', { references: refs[0]!, assigneeId: await person('officer@brackenfield.example') }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect((await kase(refs[0]!)).assignee_id).toBeNull();
  });

  it('assigns the ticked cases to a person in their own teams, says how many, and returns to the same queue', async () => {
    const officer = await signedIn('officer');
    await officer.get('/staff/cases?view=all&page=1');
    const tom = await person('officer@brackenfield.example');
    const waste = await team('Waste and Recycling');
    const done = await officer.post('/staff/cases/assign', { references: [refs[0]!, refs[1]!], assigneeId: tom, teamId: '', view: 'all' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/staff/cases?view=all&assigned=2');
    const page = await officer.get(done.headers.location!);
    expect(page.body).toContain('2 cases assigned');
    expect(await kase(refs[0]!)).toEqual({ team_id: waste, assignee_id: tom });
    expect(await kase(refs[1]!)).toEqual({ team_id: waste, assignee_id: tom });
    const mine = await officer.get('/staff/cases?view=mine');
    expect(mine.body).toContain('My cases: 2 open cases');
    expect((await audits('case.assigned')).length).toBe(2);
  });

  it('moves a case to another team’s queue, unassigned', async () => {
    const officer = await signedIn('officer');
    await officer.get('/staff/cases');
    const streets = await team('Street Scene');
    const done = await officer.post('/staff/cases/assign', { references: refs[0]!, teamId: streets, assigneeId: '' });
    expect(done.headers.location).toBe('/staff/cases?assigned=1');
    expect((await officer.get(done.headers.location!)).body).toContain('1 case assigned');
    expect(await kase(refs[0]!)).toEqual({ team_id: streets, assignee_id: null });
  });

  it('lists every team’s members; people who may not change them are not offered to', async () => {
    const officer = await signedIn('officer');
    const teams = await officer.get('/staff/teams');
    expect(teams.statusCode).toBe(200);
    expect(teams.body).toContain('Sam Whitfield (team lead)');
    expect(teams.body).toContain('Tom Evans');
    const tax = await team('Council Tax');
    const page = await officer.get(`/staff/teams/${tax}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Add to team');
    expect(page.body).not.toContain('Remove from team');
    await officer.get('/staff/teams');
    const refused = await officer.post(`/staff/teams/${tax}/members`, { userId: await person('advisor@brackenfield.example') });
    expect(refused.statusCode).toBe(403);
    expect((await officer.get('/staff/teams/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await officer.get('/staff/teams/not-a-team')).statusCode).toBe(404);
  });

  it('lets an administrator add a member after a mistake, make them lead and remove them, each audited', async () => {
    const admin = await signedIn('admin');
    const tax = await team('Council Tax');
    const priya = await person('advisor@brackenfield.example');
    const page = await admin.get(`/staff/teams/${tax}`);
    expect(page.body).toContain(`<option value="${priya}">Priya Shah</option>`);
    // Tom is in the team already, so he is not offered.
    expect(page.body).not.toContain('>Tom Evans</option>');

    const missing = await admin.post(`/staff/teams/${tax}/members`, { userId: '', lead: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#userId">Choose a person to add to the team</a>');
    expect(missing.body).toMatch(/value="yes" checked/);
    const twice = await admin.post(`/staff/teams/${tax}/members`, { userId: await person('officer@brackenfield.example') });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Tom Evans is already a member of Council Tax');

    const added = await admin.post(`/staff/teams/${tax}/members`, { userId: priya, lead: 'yes' });
    expect(added.statusCode).toBe(303);
    const shown = await admin.get(added.headers.location!);
    expect(shown.body).toContain('Priya Shah added to Council Tax');
    expect(shown.body).toContain('Make team lead<span class="govuk-visually-hidden">: Tom Evans');
    expect(shown.body).toContain('Remove as team lead<span class="govuk-visually-hidden">: Priya Shah');

    const notLead = await admin.post(`/staff/teams/${tax}/members/${priya}/lead`, { lead: 'no' });
    expect((await admin.get(notLead.headers.location!)).body).toContain('Priya Shah is no longer a team lead');
    const removed = await admin.post(`/staff/teams/${tax}/members/${priya}/remove`, {});
    expect((await admin.get(removed.headers.location!)).body).toContain('Priya Shah removed from Council Tax');
    const again = await admin.post(`/staff/teams/${tax}/members/${priya}/remove`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('That person is no longer a member of this team');

    expect(await audits('team.member_added')).toContainEqual(expect.objectContaining({ team: 'Council Tax', member: 'Priya Shah', lead: true }));
    expect(await audits('team.lead_changed')).toContainEqual(expect.objectContaining({ member: 'Priya Shah', lead: false }));
    expect(await audits('team.member_removed')).toContainEqual(expect.objectContaining({ member: 'Priya Shah' }));
  });
});
