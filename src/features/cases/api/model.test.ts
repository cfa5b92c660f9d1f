// The cases API's pure parts: JSON answers read by the e-form's field engine, the body's own fields,
// and what a public event shows to a client system.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../charter/fields/model.js';
import type { CaseEvent } from '../store.js';
import { allIssues, apiFields, readAnswers, readEnvelope, timelineEntry } from './model.js';

const fields: FieldDefinition[] = [
  { code: 'size', label: 'How many bags?', type: 'number', required: true, min: 1, max: 20, order: 1 },
  { code: 'seen_on', label: 'When did you see it?', type: 'date', required: false, dateRule: 'past', order: 2 },
  { code: 'where', label: 'Where is it?', type: 'location', required: true, order: 3 },
  { code: 'photo', label: 'Add a photo', type: 'attachment', required: true, order: 4 },
];
const NOW = new Date('2026-03-10T10:00:00Z');
const envelope = (body: Record<string, unknown>) => readEnvelope({ requestType: 'fly', ...body }, NOW).value!;

describe('reading a posted case', () => {
  it('leaves out file questions, which JSON cannot answer', () => {
    expect(apiFields(fields).map((f) => f.code)).toEqual(['size', 'seen_on', 'where']);
  });

  it('reads numbers and dates in JSON’s own terms, and places the case from the body’s location', () => {
    const read = readAnswers(apiFields(fields), envelope({ answers: { size: 3, seen_on: '2026-03-01' }, location: { address: 'Thornby Road', uprn: 100030000001 } }), '2026-03-10');
    expect(read).toEqual({ answers: { size: 3, seen_on: '2026-03-01', where: { address: 'Thornby Road', uprn: '100030000001' } }, location: { address: 'Thornby Road', uprn: '100030000001' }, issues: [] });
  });

  it('keeps the field engine’s rules and messages, named by JSON path', () => {
    const read = readAnswers(apiFields(fields), envelope({ answers: { size: 40, seen_on: '2026-03-11' } }), '2026-03-10');
    expect(read.issues).toEqual([
      { field: 'answers.size', message: 'Number must be between 1 and 20' },
      { field: 'answers.seen_on', message: 'Date must be today or in the past' },
      { field: 'location', message: 'Enter the address or a description of the location' },
    ]);
  });

  it('reports a location the client got wrong once, not also as missing', () => {
    const { value, issues } = readEnvelope({ requestType: 'fly', location: { latitude: 'north' } }, NOW);
    const read = readAnswers(apiFields(fields), value!, '2026-03-10');
    expect(allIssues(issues, read.issues).map((i) => i.field)).toEqual(['location.latitude', 'location.longitude', 'answers.size']);
  });

  it('takes receivedAt from the last year up to a few minutes ahead of our clock', () => {
    const at = (receivedAt: string) => readEnvelope({ requestType: 'fly', receivedAt }, NOW);
    expect(at('2026-03-10T10:04:00Z').value?.receivedAt).toEqual(NOW);
    expect(at('2026-03-10T10:06:00Z').issues).toEqual([{ field: 'receivedAt', message: 'receivedAt must be now or in the past' }]);
    expect(at('2025-03-10T10:00:00+00:00').value?.receivedAt).toEqual(new Date('2025-03-10T10:00:00Z'));
    expect(at('1999-12-31T10:00:00Z').issues).toEqual([{ field: 'receivedAt', message: 'receivedAt must be within the last year' }]);
  });

  it('refuses a JSON type no form box could hold', () => {
    expect(readEnvelope({ requestType: 'fly', contact: { name: ['Sam'] } }, NOW).issues).toEqual([{ field: 'contact.name', message: 'Send name as text or a number' }]);
    expect(readEnvelope({ requestType: 'fly', answers: [] }, NOW).issues).toEqual([{ field: 'answers', message: 'Send the answers as an object, each answer under its question’s code' }]);
  });
});

describe('a public event as a client system sees it', () => {
  const event = (type: string, detail: Record<string, unknown>): CaseEvent => ({ id: '1', type, at: NOW, actorType: 'staff', actorLabel: 'Priya Shah', public: true, detail });

  it('never shows why staff changed the status, nor who did it', () => {
    expect(timelineEntry(event('status_changed', { from: 'received', to: 'resolved', toName: 'Done', reason: 'Crew rota' }), true)).toEqual({ type: 'status_changed', at: NOW, status: 'resolved', statusName: 'Done' });
  });

  it('shows the resident’s own words only to the client system that sent the case', () => {
    const update = event('customer_update', { message: 'It is still there', channel: 'web' });
    expect(timelineEntry(update, true)).toEqual({ type: 'customer_update', at: NOW, channel: 'web', message: 'It is still there' });
    expect(timelineEntry(update, false)).toEqual({ type: 'customer_update', at: NOW, channel: 'web' });
  });

  it('shows only the type and time of an event it does not know', () => {
    expect(timelineEntry(event('something_new', { secret: 'x' }), true)).toEqual({ type: 'something_new', at: NOW });
  });
});
