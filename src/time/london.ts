/**
 * Europe/London <-> UTC.
 *
 * The offsets come from the platform's time-zone database through `Intl.DateTimeFormat`, so a
 * future change to UK summer time arrives with a Node/ICU update rather than a code change.
 * `Intl` is far too slow for the hot path (about 10 µs a call), so each UTC year is asked about
 * once, about 50 times, and the answer stored per day: a conversion is then two array reads.
 *
 * "Wall-clock ms" below means London local date and time written as if it were UTC
 * (`Date.UTC(y, m, d, h, min)`): floor(wall / DAY_MS) is the London epoch day.
 */
import { DAY_MS, FIRST_DAY, LAST_DAY, MINUTE_MS } from './local-date.js';

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** London's UTC offset at an instant, asked of Intl (slow: used only to build the tables). */
export function intlLondonOffsetMs(instant: number): number {
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  const part = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const { type, value } of LONDON.formatToParts(wholeSecond)) {
    if (type in part) part[type as keyof typeof part] = Number(value);
  }
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wall - wholeSecond;
}

// Tables per UTC day, with two days' margin either side of the supported London dates because
// instantFromLondonWall looks a day either side of the end of the last day.
const BASE_DAY = FIRST_DAY - 2;
const DAYS = LAST_DAY + 3 - BASE_DAY;
const offsetAtDayStart = new Int32Array(DAYS);
/** Instant of the offset change within the day, or NaN when there is none (the usual case). */
const changeAt = new Float64Array(DAYS).fill(NaN);
const offsetAfterChange = new Int32Array(DAYS);
const ready = new Uint8Array(DAYS);

/** The instant in [from, to) at which the offset changes, to the minute (UK changes on the hour). */
function findChange(from: number, to: number, offsetBefore: number): number {
  let lo = from / MINUTE_MS; // offset(lo) === offsetBefore
  let hi = to / MINUTE_MS; // offset(hi) !== offsetBefore
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (intlLondonOffsetMs(mid * MINUTE_MS) === offsetBefore) lo = mid;
    else hi = mid;
  }
  return hi * MINUTE_MS;
}

/**
 * Samples the 1st and 16th of each month and bisects where the offset differs. That assumes
 * offsets never change twice within half a month, true of London throughout 2000–2100.
 */
function changesInUtcYear(year: number): { at: number; offset: number }[] {
  const samples: number[] = [];
  for (let month = 0; month < 12; month++) samples.push(Date.UTC(year, month, 1), Date.UTC(year, month, 16));
  samples.push(Date.UTC(year + 1, 0, 1));
  const changes: { at: number; offset: number }[] = [];
  let offset = intlLondonOffsetMs(samples[0]!);
  for (let i = 1; i < samples.length; i++) {
    const next = intlLondonOffsetMs(samples[i]!);
    if (next !== offset) changes.push({ at: findChange(samples[i - 1]!, samples[i]!, offset), offset: next });
    offset = next;
  }
  return changes;
}

function fillUtcYear(year: number): void {
  const firstDay = Date.UTC(year, 0, 1) / DAY_MS;
  const endDay = Date.UTC(year + 1, 0, 1) / DAY_MS;
  const changes = changesInUtcYear(year);
  let offset = intlLondonOffsetMs(firstDay * DAY_MS);
  for (let day = firstDay; day < endDay; day++) {
    const slot = day - BASE_DAY;
    if (slot < 0 || slot >= DAYS) continue;
    const change = changes.find((c) => Math.floor(c.at / DAY_MS) === day);
    if (change && change.at === day * DAY_MS) offset = change.offset;
    offsetAtDayStart[slot] = offset;
    if (change && change.at !== day * DAY_MS) {
      changeAt[slot] = change.at;
      offsetAfterChange[slot] = change.offset;
      offset = change.offset;
    }
    ready[slot] = 1;
  }
}

/** London's offset from UTC at an instant, in ms (0 for GMT, 3,600,000 for BST). */
export function londonOffsetMs(instant: number): number {
  const slot = Math.floor(instant / DAY_MS) - BASE_DAY;
  if (ready[slot] !== 1) {
    if (!(slot >= 0 && slot < DAYS)) throw new RangeError(`Instant ${instant} is outside 2000–2100`);
    fillUtcYear(new Date(instant).getUTCFullYear());
  }
  // changeAt is NaN on days without a change, and every comparison with NaN is false.
  return instant >= changeAt[slot]! ? offsetAfterChange[slot]! : offsetAtDayStart[slot]!;
}

/** The London wall-clock ms for an instant. */
export function londonWallMs(instant: number): number {
  return instant + londonOffsetMs(instant);
}

/**
 * The instant at which London's clocks show `wall`. In the October overlap (01:00–02:00 happens
 * twice) the earlier instant is taken; a time skipped in March (01:00–02:00) is read with the
 * offset before the change, i.e. as the later time it would have been (01:30 -> 02:30 BST).
 */
export function instantFromLondonWall(wall: number): number {
  const before = londonOffsetMs(wall - DAY_MS);
  const after = londonOffsetMs(wall + DAY_MS);
  if (before === after) return wall - before; // no change within a day either side: the usual case
  const readBefore = wall - before;
  const readAfter = wall - after;
  const beforeFits = londonOffsetMs(readBefore) === before;
  const afterFits = londonOffsetMs(readAfter) === after;
  if (beforeFits && afterFits) return Math.min(readBefore, readAfter); // the overlap
  if (afterFits) return readAfter;
  return readBefore; // fits, or the wall time was skipped
}

/** The London epoch day an instant falls on. */
export function londonDay(instant: number): number {
  return Math.floor(londonWallMs(instant) / DAY_MS);
}
