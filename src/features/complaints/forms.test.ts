// The complaints pages' forms as pure functions: every mistake at once, in the order of the page,
// each linked to its input; and the timeline's title for a complaint.
import { describe, expect, it } from 'vitest';
import { complaintEntries } from '../customers/timeline.js';
import { readRecordForm, readResponseForm, responseFieldId } from './forms.js';
import type { ProcedureDefinition } from './model.js';
import { complaintTitle } from './timeline.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const procedure = { timeLimitMonths: 12 } as ProcedureDefinition;
const good = { decision: 'upheld', reasons: 'We got it wrong.', apology: 'yes', payment: '' };

describe('the response form', () => {
  it('takes a response with up to three outstanding actions, skipping empty rows', () => {
    const read = readResponseForm({ ...good, 'action-2': 'Replace the bin', 'owner-2': 'Waste team', 'dueOn-2-day': '29', 'dueOn-2-month': 'Jan', 'dueOn-2-year': '2027' });
    expect(read).toMatchObject({ ok: true, response: { decision: 'upheld', outstandingActions: [{ action: 'Replace the bin', owner: 'Waste team', dueOn: '2027-01-29' }] } });
  });

  it('lists every mistake in the order of the page, naming the question of a date', () => {
    const read = readResponseForm({ reasons: '', payment: 'abc', 'action-1': 'Replace the bin', 'owner-1': '', 'dueOn-1-day': '31', 'dueOn-1-month': '2', 'dueOn-1-year': '2027', 'action-3': 'Call back' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.summary).toEqual([
      { text: 'Select the decision', href: '#decision' },
      { text: 'Enter the reasons for the decision', href: '#reasons' },
      { text: 'Select yes if the response apologises', href: '#apology' },
      { text: 'Enter the payment in pounds, like 25 or 25.50', href: '#payment' },
      { text: 'Enter who will do it', href: '#owner-1' },
      { text: 'Due date of outstanding action 1 must be a real date', href: '#dueOn-1-day' },
      { text: 'Enter who will do it', href: '#owner-3' },
      { text: 'Enter the due date of outstanding action 3', href: '#dueOn-3-day' },
    ]);
    expect(read.errors.dateParts['dueOn-1']).toEqual(['day']);
  });

  it('points the service’s field names at the form’s inputs', () => {
    expect(responseFieldId('outstandingActions.1.owner', [1, 3])).toBe('owner-3');
    expect(responseFieldId('payment', [])).toBe('payment');
  });
});

describe('recording a complaint', () => {
  const options = { now: NOW, procedure, welsh: false, canWork: true, serviceIds: ['s1'] };
  const fields = { channel: 'letter', 'receivedDate-day': '2', 'receivedDate-month': '12', 'receivedDate-year': '2026', whatHappened: 'Bin missed', name: 'Jo' };

  it('dates a letter received on an earlier day at noon, and knows when it is late', () => {
    const read = readRecordForm({ ...fields, 'problemOn-day': '1', 'problemOn-month': '12', 'problemOn-year': '2025' }, options);
    expect(read).toMatchObject({ ok: true, late: true, complaint: { receivedAt: new Date('2026-12-02T12:00:00Z'), problemOn: '2025-12-01', contact: { name: 'Jo' } } });
    const inTime = readRecordForm({ ...fields, 'problemOn-day': '2', 'problemOn-month': '12', 'problemOn-year': '2025', lateReason: 'ignored' }, options);
    expect(inTime).toMatchObject({ ok: true, late: false });
    expect(inTime.ok && inTime.complaint.lateReason).toBeFalsy();
  });

  it('refuses a future date received, a problem after it, a service not in the list and stage 2 without a reason', () => {
    const read = readRecordForm({ ...fields, 'receivedDate-day': '8', 'problemOn-day': '9', 'problemOn-month': '12', 'problemOn-year': '2026', serviceId: 'other', direct: 'yes' }, options);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.summary.map((s) => s.text)).toEqual([
      'Date received must be today or in the past',
      'Date of the problem must be on or before the date received',
      'Choose a service from the list',
      'Enter why this complaint goes straight to stage 2',
    ]);
  });
});

describe('a complaint on the customer’s timeline', () => {
  it('says its stage and each stage’s decision, latest first, and links to the complaint page', () => {
    const complaint = { reference: 'ABCD-1234', receivedAt: NOW, stage: 2 as const, statusName: 'Stage 2: received', aboutServiceName: 'Missed bin collection', aboutCaseReference: null, lateAwaitingDecision: false, decisions: [{ stage: 1 as const, decision: 'partly_upheld' as const }] };
    expect(complaintTitle(complaint)).toBe('Complaint ABCD-1234: stage 2, partly upheld at stage 1');
    expect(complaintEntries([complaint])).toEqual([
      { kind: 'complaint', at: NOW, title: 'Complaint ABCD-1234: stage 2, partly upheld at stage 1', detail: ['About: Missed bin collection', 'Status: Stage 2: received'], href: '/staff/complaints/ABCD-1234' },
    ]);
  });
});
