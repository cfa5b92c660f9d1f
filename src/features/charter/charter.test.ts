// The service catalogue on both engines: versioned standards and request types, rules only the
// database can check, nothing saved half-way, and the versions a case is measured against.
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import { InvalidInput, StaleEditError } from '../../platform/errors.js';
import { raiseCase } from '../cases/service.js';
import { setUpCouncil } from '../council/service.js';
import { serviceSchema, standardSchema } from './model.js';
import { requestTypeSchema } from './request-types.js';
import * as charter from './service.js';

const admin: Actor = { type: 'staff', id: 'test', label: 'Alex Morgan' };
const service = serviceSchema.parse({ code: 'missed-bins', name: 'Missed bins', department: 'Environment', teamId: '', description: '', channels: ['web', 'phone'], published: 'yes' });
const standard = standardSchema.parse({ code: 'collect', sentence: 'We will collect a missed bin within 2 working days', stage: 'resolution', clockUnit: 'working_days', clockAmount: '2', startEvent: 'received', stopEvent: 'resolved', targetPercent: '95', published: 'yes' });
const fields = [
  { code: 'bin', label: 'Which bin?', type: 'single_choice', required: true, options: [{ value: 'general', label: 'General waste' }, { value: 'recycling', label: 'Recycling' }], order: 1 },
  { code: 'where', label: 'Where is it?', type: 'location', required: true, order: 2 },
];

forEachEngine('the service catalogue', (use) => {
  let serviceId = '';
  let standardId = '';
  let requestTypeId = '';

  it('creates a service, refusing a second with the same code', async () => {
    const { db } = use();
    // Cases raised below reckon their due dates with the council's calendar.
    await setUpCouncil(db, admin, { name: 'Test Council', nation: 'england', population: null, logoUrl: null, email: null, phone: null, website: null, address: null });
    serviceId = await charter.createService(db, admin, service);
    await expect(charter.createService(db, admin, { ...service, name: 'Other' })).rejects.toThrow(InvalidInput);
    expect((await charter.listServices(db)).map((s) => s.code)).toEqual(['missed-bins']);
  });

  it('rejects a negative target, an unknown clock and a clock that stops before it starts, field by field', () => {
    const result = standardSchema.safeParse({ ...standard, clockAmount: '2', targetPercent: '-5', clockUnit: 'fortnights', published: 'yes', stopEvent: 'received' });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['targetPercent', 'clockUnit']));
  });

  it('rejects a request type with duplicate field codes, saving nothing', () => {
    const result = requestTypeSchema.safeParse({ code: 'x', name: 'X', description: '', teamId: '', audiences: ['resident'], fields: [fields[0], { ...fields[1], code: 'bin' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => /used twice/.test(i.message))?.path).toEqual(['fields', 1, 'code']);
  });

  it('adds a standard and a request type that applies it', async () => {
    const { db } = use();
    standardId = await charter.addStandard(db, admin, serviceId, standard);
    const input = requestTypeSchema.parse({ code: 'report-missed-bin', name: 'Report a missed bin', description: '', teamId: '', audiences: ['resident', 'system'], standardIds: [standardId], fields });
    requestTypeId = await charter.addRequestType(db, admin, serviceId, input);
    const saved = await charter.getRequestType(db, { code: 'report-missed-bin' });
    expect(saved).toMatchObject({ version: 1, standardIds: [standardId], audiences: ['resident', 'system'] });
    expect(saved.fields.map((f) => f.code)).toEqual(['bin', 'where']);
  });

  it('refuses a request type that links another service’s standard, saving nothing', async () => {
    const { db } = use();
    const otherService = await charter.createService(db, admin, { ...service, code: 'graffiti', name: 'Graffiti' });
    const otherStandard = await charter.addStandard(db, admin, otherService, { ...standard, code: 'remove' });
    const input = requestTypeSchema.parse({ code: 'sneaky', name: 'Sneaky', description: '', teamId: '', audiences: ['resident'], standardIds: [otherStandard], fields });
    await expect(charter.addRequestType(db, admin, serviceId, input)).rejects.toThrow(InvalidInput);
    await expect(charter.getRequestType(db, { code: 'sneaky' })).rejects.toThrow(charter.NotFound);
  });

  it('versions a standard: new cases use the new version, a case already raised keeps its own', async () => {
    const { db } = use();
    const requestType = await charter.getRequestType(db, { id: requestTypeId });
    const before = await raiseCase({ db, actor: admin, now: new Date(), publicUrl: 'http://localhost' }, { requestType, channel: 'web', answers: { bin: 'general' }, contact: {}, receivedAt: new Date('2026-11-02T10:00:00Z') });
    const version = await charter.reviseStandard(db, admin, standardId, { ...standard, clockAmount: 1, sentence: 'We will collect a missed bin within 1 working day' }, 1);
    expect(version).toBe(2);
    const after = await raiseCase({ db, actor: admin, now: new Date(), publicUrl: 'http://localhost' }, { requestType, channel: 'phone', answers: { bin: 'recycling' }, contact: {}, receivedAt: new Date('2026-11-03T10:00:00Z') });
    const applied = await db.selectFrom('case_standard').select(['case_id', 'standard_version']).where('case_id', 'in', [before.id, after.id]).execute();
    expect(Object.fromEntries(applied.map((a) => [a.case_id, a.standard_version]))).toEqual({ [before.id]: 1, [after.id]: 2 });
    expect((await charter.getStandard(db, standardId)).sentence).toBe('We will collect a missed bin within 1 working day');
  });

  it('tells the second of two administrators changing a standard at once that it changed', async () => {
    const { db } = use();
    await expect(charter.reviseStandard(db, admin, standardId, standard, 1)).rejects.toThrow(StaleEditError);
    expect((await charter.getStandard(db, standardId)).version).toBe(2);
  });

  it('publishes only published services and standards, and request types residents may use', async () => {
    const { db } = use();
    await charter.addStandard(db, admin, serviceId, { ...standard, code: 'internal', published: false });
    const entry = (await charter.publishedCharter(db)).find((e) => e.service.code === 'missed-bins');
    expect(entry?.standards.map((s) => s.code)).toEqual(['collect']);
    expect(entry?.requestTypes.map((r) => r.code)).toEqual(['report-missed-bin']);
  });

  it('audits every change', async () => {
    const { db } = use();
    const actions = (await db.selectFrom('audit_event').select('action').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['service.created', 'standard.created', 'standard.revised', 'request_type.created', 'case.raised']));
  });
});
