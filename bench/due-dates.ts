/**
 * Due-date throughput: addWorkingDays over 1,000,000 (received instant, N) pairs across the
 * four nations, against day-by-day loops run in the same process on a sample and scaled:
 * a naive one (Intl for London time, ISO strings in a Set), the same with fast London time,
 * and a tuned one (integer days, Set<number>) that shows what the index itself gains.
 *
 *   npx tsx bench/due-dates.ts
 */
import { addWorkingDays, bankHolidays, createCalendar, NATIONS, type Nation } from '../src/time/index.js';
import { londonWallMs } from '../src/time/london.js';

const PAIRS = 1_000_000;
const NAIVE_SAMPLE = 20_000;
const INTEGER_SAMPLE = 200_000;
const RUNS = 5;
const TARGET_PER_SECOND = 1_000_000;
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2028, 0, 1);
const MAX_N = 40;
const DAY_MS = 86_400_000;
const CUT_OFF_MS = 17 * 3_600_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run times the same work. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Closure days 24–31 December each year, as many councils close between Christmas and New Year. */
function christmasClosures(): string[] {
  const days: string[] = [];
  for (let year = 2025; year <= 2028; year++) for (let d = 24; d <= 31; d++) days.push(`${year}-12-${d}`);
  return days;
}

const closureDays = christmasClosures();
const calendars = NATIONS.map((nation) => createCalendar({ nation, closureDays }));

const next = random(20260402);
const received = new Float64Array(PAIRS);
const counts = new Int32Array(PAIRS);
for (let i = 0; i < PAIRS; i++) {
  received[i] = Math.floor(FROM + next() * (TO - FROM));
  counts[i] = Math.floor(next() * (MAX_N + 1));
}

function fast(i: number): string {
  return addWorkingDays(calendars[i % 4]!, new Date(received[i]!), counts[i]!).dueDate;
}

// ---- naive references: what one would write first ----

const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const nonWorking = new Map<Nation, Set<string>>(
  NATIONS.map((nation) => {
    const days = new Set(closureDays);
    for (let year = 2025; year <= 2029; year++) for (const h of bankHolidays(nation, year)) days.add(h.date);
    return [nation, days];
  }),
);

function isWorking(nation: Nation, date: Date): boolean {
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !nonWorking.get(nation)!.has(date.toISOString().slice(0, 10));
}

/** Day by day from a London wall-clock time (ms, as if UTC). */
function stepDays(nation: Nation, wall: number, n: number): string {
  const date = new Date(Math.floor(wall / DAY_MS) * DAY_MS);
  if (wall - date.getTime() > CUT_OFF_MS) date.setUTCDate(date.getUTCDate() + 1);
  while (!isWorking(nation, date)) date.setUTCDate(date.getUTCDate() + 1);
  for (let left = n; left > 0; ) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorking(nation, date)) left--;
  }
  return date.toISOString().slice(0, 10);
}

/** Naive throughout: Intl for London time on every call, then day by day. */
function naiveIntl(i: number): string {
  const at: number = received[i]!;
  const parts = LONDON.formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return stepDays(NATIONS[i % 4]!, wall, counts[i]!);
}

/** Fast London conversion, naive day-by-day stepping: isolates the working-day index's gain. */
function naiveStepping(i: number): string {
  return stepDays(NATIONS[i % 4]!, londonWallMs(received[i]!), counts[i]!);
}

const nonWorkingDays = new Map<Nation, Set<number>>(
  NATIONS.map((nation) => [nation, new Set([...nonWorking.get(nation)!].map((d) => Date.parse(`${d}T00:00:00Z`) / DAY_MS))]),
);

/** Day by day on integer epoch days with a Set<number>: the best a stepping loop can do. */
function integerStepping(i: number): string {
  const closed = nonWorkingDays.get(NATIONS[i % 4]!)!;
  const working = (day: number): boolean => (day + 4) % 7 !== 0 && (day + 4) % 7 !== 6 && !closed.has(day);
  const wall = londonWallMs(received[i]!);
  let day = Math.floor(wall / DAY_MS);
  if (wall - day * DAY_MS > CUT_OFF_MS) day++;
  while (!working(day)) day++;
  for (let left = counts[i]!; left > 0; ) if (working(++day)) left--;
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// ---- timing ----

function time(count: number, compute: (i: number) => string): { ms: number; checksum: number } {
  let checksum = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) checksum += compute(i).charCodeAt(9);
  return { ms: performance.now() - started, checksum };
}

const format = (n: number): string => Math.round(n).toLocaleString('en-GB');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm up: builds each calendar's year tables and lets the JIT settle.
time(200_000, fast);

const fastRuns: number[] = [];
let checksum = 0;
for (let run = 0; run < RUNS; run++) {
  const result = time(PAIRS, fast);
  fastRuns.push(result.ms);
  checksum = result.checksum;
}
const fastRate = (PAIRS / median(fastRuns)) * 1000;
const bestRate = (PAIRS / Math.min(...fastRuns)) * 1000;

time(2_000, naiveIntl);
time(2_000, naiveStepping);
time(20_000, integerStepping);
const intlRun = time(NAIVE_SAMPLE, naiveIntl);
const steppingRun = time(NAIVE_SAMPLE, naiveStepping);
const integerRun = time(INTEGER_SAMPLE, integerStepping);
const intlRate = (NAIVE_SAMPLE / intlRun.ms) * 1000;
const steppingRate = (NAIVE_SAMPLE / steppingRun.ms) * 1000;
const integerRate = (INTEGER_SAMPLE / integerRun.ms) * 1000;

let agree = 0;
for (let i = 0; i < NAIVE_SAMPLE; i++) {
  const expected = fast(i);
  if (naiveIntl(i) === expected && naiveStepping(i) === expected && integerStepping(i) === expected) agree++;
}

console.log(`Due dates for ${format(PAIRS)} (received instant, N) pairs: received 2025–2027 (uniform), N 0–${MAX_N}, four nations, closures 24–31 Dec`);
console.log(`Node ${process.version}, one core`);
console.log('');
console.log(`addWorkingDays (working-day index)   ${format(fastRate)} due dates/s   median of ${RUNS} runs: ${median(fastRuns).toFixed(0)} ms per 1,000,000; best ${format(bestRate)}/s   (checksum ${checksum})`);
console.log(`naive: Intl + day-by-day loop         ${format(intlRate)} due dates/s   ${format(NAIVE_SAMPLE)} sample in ${intlRun.ms.toFixed(0)} ms; 1,000,000 would take ${((PAIRS / intlRate)).toFixed(1)} s`);
console.log(`naive: day-by-day loop, fast London  ${format(steppingRate)} due dates/s   ${format(NAIVE_SAMPLE)} sample in ${steppingRun.ms.toFixed(0)} ms; 1,000,000 would take ${((PAIRS / steppingRate)).toFixed(1)} s`);
console.log(`tuned: integer day-by-day loop       ${format(integerRate)} due dates/s   ${format(INTEGER_SAMPLE)} sample in ${integerRun.ms.toFixed(0)} ms; 1,000,000 would take ${((PAIRS / integerRate)).toFixed(1)} s`);
console.log('');
console.log(`ratio of addWorkingDays to: the fully naive loop ${(fastRate / intlRate).toFixed(1)}×; the day-by-day loop with fast London time ${(fastRate / steppingRate).toFixed(1)}×; the tuned integer loop ${(fastRate / integerRate).toFixed(1)}×`);
console.log(`agreement on the sample: ${format(agree)} of ${format(NAIVE_SAMPLE)} due dates identical in all four`);
console.log(`target ${format(TARGET_PER_SECOND)} due dates/s on one core: ${fastRate >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`);
