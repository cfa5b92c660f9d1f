/**
 * The working-day index of one calendar: per year, the ordinal of every day among the year's
 * working days. Adding N working days is then "ordinal + N, look up the day", crossing a year
 * end at most once or twice for any realistic N, instead of stepping day by day.
 *
 * Years are built on first use (about 0.1 ms each, plus the bank-holiday lookup).
 */
import { bankHolidays } from './bank-holidays.js';
import { MAX_YEAR, MIN_YEAR, dayFromIso, daysInYear, isWeekend, yearOfDay, yearStartDay } from './local-date.js';
import type { Nation } from './nation.js';

interface YearIndex {
  readonly firstDay: number;
  /** before[i]: working days in the year before its day i; before[length] is the year's total. */
  readonly before: Int32Array;
  /** workingDays[k]: the day of the year (0-based) of its k-th working day (0-based). */
  readonly workingDays: Int32Array;
}

export class WorkingDayIndex {
  private readonly years = new Array<YearIndex | undefined>(MAX_YEAR - MIN_YEAR + 1).fill(undefined);

  constructor(
    private readonly nation: Nation,
    /** Council closure days and extra holidays, as epoch days. */
    private readonly closed: ReadonlySet<number>,
  ) {}

  isWorking(day: number): boolean {
    const year = this.year(yearOfDay(day));
    const i = day - year.firstDay;
    return year.before[i + 1]! > year.before[i]!;
  }

  /** The day itself if it is a working day, otherwise the next working day. */
  onOrAfter(day: number): number {
    const y = yearOfDay(day);
    const year = this.year(y);
    // The count of working days before `day` is the ordinal of the first one on or after it.
    return this.dayAtOrdinal(y, year.before[day - year.firstDay]!);
  }

  /**
   * The n-th working day after `day` (n may be negative). A non-working `day` counts as the
   * next working day, which is day 0.
   */
  add(day: number, n: number): number {
    const y = yearOfDay(day);
    const year = this.year(y);
    return this.dayAtOrdinal(y, year.before[day - year.firstDay]! + n);
  }

  /** Working days d with from < d <= to; negative when `to` is before `from`. */
  countBetween(from: number, to: number): number {
    if (to < from) return -this.countBetween(to, from);
    const fromYear = yearOfDay(from);
    const toYear = yearOfDay(to);
    let count = this.countToEndOf(to) - this.countToEndOf(from);
    for (let y = fromYear; y < toYear; y++) count += this.year(y).workingDays.length;
    return count;
  }

  /** Working days from 1 January up to and including `day`. */
  private countToEndOf(day: number): number {
    const year = this.year(yearOfDay(day));
    return year.before[day - year.firstDay + 1]!;
  }

  private dayAtOrdinal(y: number, ordinal: number): number {
    let year = this.year(y);
    while (ordinal >= year.workingDays.length) {
      ordinal -= year.workingDays.length;
      year = this.year(++y);
    }
    while (ordinal < 0) {
      year = this.year(--y);
      ordinal += year.workingDays.length;
    }
    return year.firstDay + year.workingDays[ordinal]!;
  }

  private year(y: number): YearIndex {
    const cached = this.years[y - MIN_YEAR];
    if (cached) return cached;
    const built = this.build(y);
    this.years[y - MIN_YEAR] = built;
    return built;
  }

  private build(y: number): YearIndex {
    const firstDay = yearStartDay(y);
    const length = daysInYear(y);
    const holidays = new Set(bankHolidays(this.nation, y).map((h) => dayFromIso(h.date)));
    const before = new Int32Array(length + 1);
    const workingDays: number[] = [];
    for (let i = 0; i < length; i++) {
      const day = firstDay + i;
      const working = !isWeekend(day) && !holidays.has(day) && !this.closed.has(day);
      if (working) workingDays.push(i);
      before[i + 1] = workingDays.length;
    }
    return { firstDay, before, workingDays: Int32Array.from(workingDays) };
  }
}
