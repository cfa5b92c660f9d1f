/**
 * A service standard's clock, derived from its events: started, paused (waiting for the
 * customer), resumed, extended (authorised, with a reason), stopped.
 *
 * evaluateClock is a pure function of (calendar, rule, events, now): the same inputs give the
 * same answer, so a due date or a breach can always be recomputed from the records. Events
 * later than `now` are ignored, which also answers "as at" questions for reports.
 *
 * A pause of P units moves the due date by exactly P units. P is measured in the rule's own
 * unit: for working days it is the number of working days after the pause date up to and
 * including the resume date (paused Monday, resumed Wednesday: 2).
 *
 * Once the running clock has passed its due time it stays breached, even if a later pause or
 * extension moves the due date: a standard cannot be un-missed.
 *
 * A clock is at risk once a share of its allowed time is used (atRiskShare, 0.75 unless the rule
 * says otherwise), measured on the clock's own time line: working hours for a working-hour rule,
 * London days (with the fraction of the day gone) for the others, non-working days left out of a
 * working-day rule. Pauses are not counted and extensions are part of the allowed time, so the
 * at-risk moment moves with the due date. A warning "due within a day" would fire at once for a
 * one-day standard; a share of the clock warns while there is still time to act.
 */
import type { Calendar } from './calendar.js';
import { DAY_MS, addMonthsToDay, isoFromDay, type LocalDate } from './local-date.js';
import { instantFromLondonWall, londonDay } from './london.js';
import { addWorkingHours, workingHoursBetween } from './working-hours.js';
import { endOfDayMs, instantOf, startDay } from './working-days.js';

export type ClockUnit = 'working_days' | 'working_hours' | 'calendar_days' | 'calendar_months';

export interface ClockRule {
  readonly unit: ClockUnit;
  /** How many units the standard allows, e.g. 5 for "within 5 working days". */
  readonly amount: number;
  /** The share of the allowed time (0 < share < 1) after which the clock is at risk; DEFAULT_AT_RISK_SHARE when absent. */
  readonly atRiskShare?: number;
}

/** At risk once three quarters of the time allowed is used, unless a standard says otherwise. */
export const DEFAULT_AT_RISK_SHARE = 0.75;

export type ClockEvent =
  | { readonly type: 'start'; readonly at: Date }
  | { readonly type: 'pause'; readonly at: Date; readonly reason: string }
  | { readonly type: 'resume'; readonly at: Date }
  | {
      readonly type: 'extend';
      readonly at: Date;
      /** In the rule's unit. */
      readonly by: number;
      readonly reason: string;
      /** The most the standard allows in total, e.g. 10 more working days at stage 1 in England. */
      readonly authorisedLimit: number;
    }
  | { readonly type: 'stop'; readonly at: Date };

export type ClockErrorCode =
  | 'not_started'
  | 'already_started'
  | 'already_paused'
  | 'not_paused'
  | 'already_stopped'
  | 'out_of_order'
  | 'missing_reason'
  | 'invalid_extension'
  | 'extension_over_limit';

export interface ClockError {
  readonly code: ClockErrorCode;
  readonly message: string;
  /** The event at fault, or -1 when the fault is the absence of one. */
  readonly eventIndex: number;
}

/** Pause and elapsed time are counted in calendar days for a calendar-month rule. */
export type TimeUnit = 'working_days' | 'working_hours' | 'calendar_days';

export interface ClockState {
  readonly startedAt: Date;
  readonly dueAt: Date;
  readonly dueDate: LocalDate;
  readonly paused: boolean;
  readonly stopped: boolean;
  /** Stopped after the due time, or running past it at `now`, at any point. */
  readonly breached: boolean;
  /** The first instant the running clock was past due, or null. */
  readonly breachedAt: Date | null;
  /** Time counted so far, pauses excluded, up to the stop or `now` (never negative). */
  readonly elapsed: number;
  /** Time left until due from the stop or `now`; negative once past due. */
  readonly remaining: number;
  readonly timeUnit: TimeUnit;
  /** Total authorised extension, in the rule's unit. */
  readonly extendedBy: number;
  /** Total time paused, in timeUnit, including a pause still open at `now`. */
  readonly pausedFor: number;
  /**
   * When the share of the allowed time used reaches the rule's atRiskShare (pauses, including an
   * open one up to `now`, excluded; extensions included). Always before dueAt.
   */
  readonly atRiskAt: Date;
  /** Running (not paused, not stopped, not breached) and at or past atRiskAt at `now`. */
  readonly atRisk: boolean;
  /** Fingerprint of the calendar used. */
  readonly calendar: string;
}

export type ClockResult = { readonly ok: true; readonly value: ClockState } | { readonly ok: false; readonly error: ClockError };

/** How one unit measures: where counting starts, where it ends, and the length of a stretch. */
interface Reckoning {
  readonly timeUnit: TimeUnit;
  /** Day 0 (working days), the London date (calendar units) or the instant (working hours). */
  origin(calendar: Calendar, start: number): number;
  /** The due instant for `amount` rule units plus `paused` time units from the origin. */
  dueAt(calendar: Calendar, origin: number, amount: number, paused: number): number;
  /** Time from instant `from` to instant `to`, in timeUnit. */
  between(calendar: Calendar, from: number, to: number): number;
  /** Time from the origin to instant `to`, in timeUnit. */
  sinceOrigin(calendar: Calendar, origin: number, to: number): number;
  /**
   * Where instant `at` is on the clock's time line, in timeUnit from the origin, fractions of a
   * day included for day units. Monotonic; a time before the origin is at 0 for working time.
   */
  position(calendar: Calendar, origin: number, at: number): number;
  /** Where the due time is on that line: the end of the due date, or the due instant for working hours. */
  endPosition(calendar: Calendar, origin: number, amount: number, paused: number): number;
  /** The instant at a position on that line (to the millisecond). */
  instantAt(calendar: Calendar, origin: number, position: number): number;
}

/** A London day's first instant and its length (23 or 25 hours on the days the clocks change). */
function dayBounds(day: number): [start: number, length: number] {
  const start = instantFromLondonWall(day * DAY_MS);
  return [start, instantFromLondonWall((day + 1) * DAY_MS) - start];
}

function fractionOfDay(at: number): number {
  const [start, length] = dayBounds(londonDay(at));
  return (at - start) / length;
}

/** The instant a fraction (0 <= fraction < 1) into a London day. */
function intoDay(day: number, fraction: number): number {
  const [start, length] = dayBounds(day);
  return start + Math.round(fraction * length); // to the millisecond, so float error does not show
}

const workingDays: Reckoning = {
  timeUnit: 'working_days',
  origin: (calendar, start) => startDay(calendar, start),
  dueAt: (calendar, origin, amount, paused) => endOfDayMs(calendar.workingDays.add(origin, amount + paused)),
  between: (calendar, from, to) => calendar.workingDays.countBetween(londonDay(from), londonDay(to)),
  sinceOrigin: (calendar, origin, to) => calendar.workingDays.countBetween(origin, londonDay(to)),
  // Day 0 is position 0 to 1; a non-working day sits at the end of the working day before it.
  position: (calendar, origin, at) => {
    const day = londonDay(at);
    if (day < origin) return 0;
    const count = calendar.workingDays.countBetween(origin, day);
    return calendar.workingDays.isWorking(day) ? count + fractionOfDay(at) : count + 1;
  },
  endPosition: (_calendar, _origin, amount, paused) => amount + paused + 1,
  instantAt: (calendar, origin, position) => {
    const whole = Math.floor(position);
    return intoDay(calendar.workingDays.add(origin, whole), position - whole);
  },
};

const workingHours: Reckoning = {
  timeUnit: 'working_hours',
  origin: (_calendar, start) => start,
  dueAt: (calendar, origin, amount, paused) => addWorkingHours(calendar, new Date(origin), amount + paused).getTime(),
  between: (calendar, from, to) => workingHoursBetween(calendar, new Date(from), new Date(to)),
  sinceOrigin: (calendar, origin, to) => workingHoursBetween(calendar, new Date(origin), new Date(to)),
  position: (calendar, origin, at) => Math.max(0, workingHoursBetween(calendar, new Date(origin), new Date(at))),
  endPosition: (_calendar, _origin, amount, paused) => amount + paused,
  instantAt: (calendar, origin, position) => addWorkingHours(calendar, new Date(origin), position).getTime(),
};

/** Calendar units: counted from the London date of the start, due date moved to a working day. */
function calendarReckoning(step: (day: number, amount: number) => number): Reckoning {
  return {
    timeUnit: 'calendar_days',
    origin: (_calendar, start) => londonDay(start),
    dueAt: (calendar, origin, amount, paused) =>
      endOfDayMs(calendar.workingDays.onOrAfter(step(origin, amount) + paused)),
    between: (_calendar, from, to) => londonDay(to) - londonDay(from),
    sinceOrigin: (_calendar, origin, to) => londonDay(to) - origin,
    position: (_calendar, origin, at) => londonDay(at) - origin + fractionOfDay(at),
    endPosition: (calendar, origin, amount, paused) => calendar.workingDays.onOrAfter(step(origin, amount) + paused) + 1 - origin,
    instantAt: (_calendar, origin, position) => {
      const whole = Math.floor(position);
      return intoDay(origin + whole, position - whole);
    },
  };
}

const RECKONINGS: Readonly<Record<ClockUnit, Reckoning>> = {
  working_days: workingDays,
  working_hours: workingHours,
  calendar_days: calendarReckoning((day, amount) => day + amount),
  calendar_months: calendarReckoning(addMonthsToDay),
};

function wholeUnits(unit: ClockUnit): boolean {
  return unit !== 'working_hours';
}

function assertRule(rule: ClockRule): void {
  const valid = wholeUnits(rule.unit) ? Number.isSafeInteger(rule.amount) : Number.isFinite(rule.amount);
  const share = rule.atRiskShare ?? DEFAULT_AT_RISK_SHARE;
  if (!(rule.unit in RECKONINGS) || !valid || rule.amount < 0 || !(share > 0 && share < 1)) {
    throw new RangeError(`Invalid clock rule ${JSON.stringify(rule)}`);
  }
}

/** The running totals while events are replayed. */
interface Replay {
  origin: number;
  startedAt: number;
  pausedSince: number | undefined;
  stoppedAt: number | undefined;
  paused: number;
  extended: number;
  breachedAt: number | undefined;
}

class ClockFault extends Error {
  constructor(
    readonly code: ClockErrorCode,
    message: string,
    readonly eventIndex: number,
  ) {
    super(message);
  }
}

export function evaluateClock(calendar: Calendar, rule: ClockRule, events: readonly ClockEvent[], now: Date): ClockResult {
  assertRule(rule);
  const reckoning = RECKONINGS[rule.unit];
  const nowMs = instantOf(now);
  try {
    const replay = replayEvents(calendar, rule, reckoning, events, nowMs);
    return { ok: true, value: stateOf(calendar, rule, reckoning, replay, nowMs) };
  } catch (error) {
    if (!(error instanceof ClockFault)) throw error;
    return { ok: false, error: { code: error.code, message: error.message, eventIndex: error.eventIndex } };
  }
}

function replayEvents(
  calendar: Calendar,
  rule: ClockRule,
  reckoning: Reckoning,
  events: readonly ClockEvent[],
  nowMs: number,
): Replay {
  let replay: Replay | undefined;
  let previous = -Infinity;
  for (const [index, event] of events.entries()) {
    const at = instantOf(event.at);
    if (at > nowMs) break; // not happened yet as at `now`
    if (at < previous) throw new ClockFault('out_of_order', 'Events must be in time order', index);
    previous = at;
    if (event.type === 'start') {
      if (replay) throw new ClockFault('already_started', 'The clock has already started', index);
      replay = started(calendar, reckoning, at);
      continue;
    }
    if (!replay) throw new ClockFault('not_started', `Cannot ${event.type} a clock that has not started`, index);
    if (replay.stoppedAt !== undefined) throw new ClockFault('already_stopped', 'The clock has stopped', index);
    if (replay.pausedSince === undefined) noteBreach(calendar, rule, reckoning, replay, at);
    apply(calendar, rule, reckoning, replay, event, at, index);
  }
  if (!replay) throw new ClockFault('not_started', 'The clock has not started', -1);
  return replay;
}

function started(calendar: Calendar, reckoning: Reckoning, at: number): Replay {
  return {
    origin: reckoning.origin(calendar, at),
    startedAt: at,
    pausedSince: undefined,
    stoppedAt: undefined,
    paused: 0,
    extended: 0,
    breachedAt: undefined,
  };
}

function apply(
  calendar: Calendar,
  rule: ClockRule,
  reckoning: Reckoning,
  replay: Replay,
  event: Exclude<ClockEvent, { type: 'start' }>,
  at: number,
  index: number,
): void {
  switch (event.type) {
    case 'pause':
      if (replay.pausedSince !== undefined) throw new ClockFault('already_paused', 'The clock is already paused', index);
      requireReason(event.reason, index);
      replay.pausedSince = at;
      return;
    case 'resume':
      if (replay.pausedSince === undefined) throw new ClockFault('not_paused', 'The clock is not paused', index);
      endPause(calendar, reckoning, replay, at);
      return;
    case 'extend':
      extend(rule, replay, event, index);
      return;
    case 'stop':
      if (replay.pausedSince !== undefined) endPause(calendar, reckoning, replay, at);
      replay.stoppedAt = at;
      return;
  }
}

function endPause(calendar: Calendar, reckoning: Reckoning, replay: Replay, at: number): void {
  replay.paused += reckoning.between(calendar, replay.pausedSince!, at);
  replay.pausedSince = undefined;
}

function requireReason(reason: string, index: number): void {
  if (reason.trim() === '') throw new ClockFault('missing_reason', 'A reason is required', index);
}

/** Extensions are user decisions: going over the authorised limit is an error result, not a throw. */
function extend(rule: ClockRule, replay: Replay, event: Extract<ClockEvent, { type: 'extend' }>, index: number): void {
  requireReason(event.reason, index);
  const whole = wholeUnits(rule.unit);
  if (!(event.by > 0) || (whole && !Number.isSafeInteger(event.by)) || !Number.isFinite(event.by)) {
    throw new ClockFault('invalid_extension', `An extension must be a positive ${whole ? 'whole ' : ''}number of ${rule.unit.replace('_', ' ')}`, index);
  }
  if (!(event.authorisedLimit >= 0)) {
    throw new ClockFault('invalid_extension', 'An extension needs an authorised limit of 0 or more', index);
  }
  if (replay.extended + event.by > event.authorisedLimit) {
    throw new ClockFault(
      'extension_over_limit',
      `Extending by ${event.by} would make ${replay.extended + event.by} ${rule.unit.replace('_', ' ')} in total, over the authorised ${event.authorisedLimit}`,
      index,
    );
  }
  replay.extended += event.by;
}

function dueAtOf(calendar: Calendar, rule: ClockRule, reckoning: Reckoning, replay: Replay, paused: number): number {
  return reckoning.dueAt(calendar, replay.origin, rule.amount + replay.extended, paused);
}

/** A running clock seen at `at` past its due time has breached; remember when it first did. */
function noteBreach(calendar: Calendar, rule: ClockRule, reckoning: Reckoning, replay: Replay, at: number): void {
  if (replay.breachedAt !== undefined) return;
  const dueAt = dueAtOf(calendar, rule, reckoning, replay, replay.paused);
  if (at > dueAt) replay.breachedAt = dueAt + 1;
}

function stateOf(calendar: Calendar, rule: ClockRule, reckoning: Reckoning, replay: Replay, nowMs: number): ClockState {
  const stopped = replay.stoppedAt !== undefined;
  const paused = replay.pausedSince !== undefined;
  if (!stopped && !paused) noteBreach(calendar, rule, reckoning, replay, nowMs);
  const reference = replay.stoppedAt ?? nowMs;
  // An open pause counts up to now, so the due date shown is the one if the clock resumed now.
  const pausedFor = replay.paused + (paused ? reckoning.between(calendar, replay.pausedSince!, nowMs) : 0);
  const dueAt = dueAtOf(calendar, rule, reckoning, replay, pausedFor);
  const atRiskAt = atRiskAtOf(calendar, rule, reckoning, replay, pausedFor);
  const breached = replay.breachedAt !== undefined;
  return {
    startedAt: new Date(replay.startedAt),
    dueAt: new Date(dueAt),
    dueDate: isoFromDay(londonDay(dueAt)),
    paused,
    stopped,
    breached,
    breachedAt: replay.breachedAt === undefined ? null : new Date(replay.breachedAt),
    elapsed: Math.max(0, reckoning.sinceOrigin(calendar, replay.origin, reference) - pausedFor),
    remaining: reckoning.between(calendar, reference, dueAt),
    timeUnit: reckoning.timeUnit,
    extendedBy: replay.extended,
    pausedFor,
    atRiskAt: new Date(atRiskAt),
    atRisk: !stopped && !paused && !breached && nowMs >= atRiskAt,
    calendar: calendar.fingerprint,
  };
}

/**
 * The at-risk moment: the point on the clock's time line where only (1 - share) of the allowed time
 * is left before the due time. The allowed time runs from the start to the due time without pauses
 * (extensions in); pauses then move the moment by exactly as much as they move the due time.
 */
function atRiskAtOf(calendar: Calendar, rule: ClockRule, reckoning: Reckoning, replay: Replay, paused: number): number {
  const share = rule.atRiskShare ?? DEFAULT_AT_RISK_SHARE;
  const amount = rule.amount + replay.extended;
  const allowed = reckoning.endPosition(calendar, replay.origin, amount, 0) - reckoning.position(calendar, replay.origin, replay.startedAt);
  const end = reckoning.endPosition(calendar, replay.origin, amount, paused);
  return reckoning.instantAt(calendar, replay.origin, end - (1 - share) * Math.max(0, allowed));
}
