// Where a standard stands, and how the timeline words events: pure, so every state is checked
// here without a database.
import { describe, expect, it } from 'vitest';
import { createCalendar, type ClockEvent } from '../../../time/index.js';
import type { CaseEvent } from '../store.js';
import type { Workflow } from '../workflow/model.js';
import { standardViews, type StoredClock } from './standards.js';
import { timelineItems } from './timeline.js';

const calendar = createCalendar({ nation: 'england' });
const at = (iso: string) => new Date(iso);
// Received Monday 2 November 2026; 2 working days: due Wednesday 4 November.
const clock = (events: ClockEvent[], recorded: Partial<StoredClock> = {}): StoredClock => ({
  standardId: 's1',
  sentence: 'We will collect within 2 working days',
  rule: { unit: 'working_days', amount: 2 },
  startEvent: 'received',
  stopEvent: 'resolved',
  events,
  void: false,
  outcome: null,
  dueAt: null,
  ...recorded,
});
const started: ClockEvent[] = [{ type: 'start', at: at('2026-11-02T10:00:00Z') }];
const stateAt = (c: StoredClock, now: string) => standardViews(calendar, [c], at(now))[0];

describe('where a standard stands', () => {
  it('is not started before its start event, and cannot then be extended', () => {
    expect(stateAt(clock([]), '2026-11-02T10:00:00Z')).toMatchObject({ state: 'not_started', dueAt: null, extendable: false, tag: { text: 'Not started' } });
  });

  it('runs, is at risk once 75% of the time allowed is used, then is overdue', () => {
    expect(stateAt(clock(started), '2026-11-02T11:00:00Z')).toMatchObject({ state: 'running', extendable: true, unit: 'working days' });
    // 62 hours from Monday 10:00 to the end of Wednesday: a quarter (15.5) is left at 08:30 on Wednesday.
    expect(stateAt(clock(started), '2026-11-03T11:00:00Z')?.state).toBe('running');
    expect(stateAt(clock(started), '2026-11-04T08:29:00Z')?.state).toBe('running');
    expect(stateAt(clock(started), '2026-11-04T08:30:00Z')).toMatchObject({ state: 'at_risk', atRiskAt: at('2026-11-04T08:30:00Z'), tag: { text: 'At risk' } });
    expect(stateAt(clock(started), '2026-11-04T11:00:00Z')?.state).toBe('at_risk');
    expect(stateAt(clock(started), '2026-11-05T09:00:00Z')).toMatchObject({ state: 'overdue', tag: { text: 'Overdue', classes: 'govuk-tag--red' } });
  });

  it('is at risk earlier when its standard warns at 50%', () => {
    const halfway = clock(started, { rule: { unit: 'working_days', amount: 2, atRiskShare: 0.5 } });
    expect(stateAt(halfway, '2026-11-03T16:59:00Z')?.state).toBe('running');
    expect(stateAt(halfway, '2026-11-03T17:00:00Z')?.state).toBe('at_risk');
  });

  it('is paused while the case waits for the customer, unless it was already overdue', () => {
    const paused: ClockEvent[] = [...started, { type: 'pause', at: at('2026-11-03T09:00:00Z'), reason: 'Which bin?' }];
    expect(stateAt(clock(paused), '2026-11-03T12:00:00Z')?.state).toBe('paused');
    const late: ClockEvent[] = [...started, { type: 'pause', at: at('2026-11-06T09:00:00Z'), reason: 'Which bin?' }];
    expect(stateAt(clock(late), '2026-11-06T12:00:00Z')?.state).toBe('overdue');
  });

  it('keeps the outcome and due date recorded when the clock stopped', () => {
    const dueAt = at('2026-11-04T23:59:59.999Z');
    const stopped: ClockEvent[] = [...started, { type: 'stop', at: at('2026-11-03T09:00:00Z') }];
    expect(stateAt(clock(stopped, { outcome: 'met', dueAt }), '2026-12-01T09:00:00Z')).toMatchObject({ state: 'met', dueAt, extendable: false });
    expect(stateAt(clock(stopped, { outcome: 'missed', dueAt }), '2026-12-01T09:00:00Z')?.state).toBe('missed');
    expect(stateAt(clock(started, { void: true, outcome: 'void', dueAt }), '2026-12-01T09:00:00Z')).toMatchObject({ state: 'void', tag: { text: 'Void' } });
  });
});

describe('the timeline', () => {
  const workflow: Workflow = {
    code: 'default',
    name: 'Default',
    statuses: [
      { code: 'received', name: 'Received', publicName: 'Received', category: 'new', next: ['waiting'] },
      { code: 'waiting', name: 'Waiting for customer', publicName: 'Waiting for information from you', category: 'waiting', next: [] },
    ],
  };
  const event = (id: string, type: string, detail: Record<string, unknown>, publicEvent = false): CaseEvent => ({ id, type, at: at('2026-11-02T10:00:00Z'), actorType: 'staff', actorLabel: 'Tom Evans', public: publicEvent, detail });

  it('is newest first, names statuses as staff know them, and says what reached the customer', () => {
    const items = timelineItems(
      [
        event('1', 'status_changed', { from: 'received', to: 'waiting', fromName: 'Received', toName: 'Waiting for information from you', reason: 'Need the bin colour' }, true),
        event('2', 'note', { text: 'Rang twice' }),
        event('3', 'public_update', { message: 'Which bin was it?' }, true),
        event('4', 'something_new', {}),
      ],
      workflow,
    );
    expect(items.map((i) => i.title)).toEqual(['Something new', 'Update for the customer', 'Internal note', 'Status changed from Received to Waiting for customer']);
    expect(items[1]).toMatchObject({ tag: { text: 'Sent to customer' }, quote: 'Which bin was it?', who: 'Tom Evans' });
    expect(items[2]).toMatchObject({ tag: { text: 'Internal note' }, quote: 'Rang twice' });
    expect(items[3]?.lines).toEqual(['Reason: Need the bin colour']);
  });

  it('lists due dates moved by a calendar change, and extensions with their reason', () => {
    const [recalculated, extended] = timelineItems(
      [
        event('1', 'standard_extended', { standard: 'We will collect within 2 working days', by: 1, unit: 'working_days', reason: 'Vehicle broke down' }),
        event('2', 'due_dates_recalculated', { reason: 'Added closure day', changes: [{ standard: 'We will collect within 2 working days', from: '2026-11-04T23:59:59.999Z', to: '2026-11-05T23:59:59.999Z' }] }),
      ],
      workflow,
    );
    expect(recalculated?.lines).toEqual(['Because: Added closure day', 'We will collect within 2 working days: now due Thursday 5 November 2026 (was Wednesday 4 November 2026)']);
    expect(extended).toMatchObject({ title: 'Standard extended by 1 working day: We will collect within 2 working days', lines: ['Reason: Vehicle broke down'] });
  });
});
