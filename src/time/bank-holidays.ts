/**
 * Bank holidays by nation, from `date-holidays` (types public and bank only, so no observances
 * such as Mother's Day), with a short list of corrections where the package disagrees with the
 * published record. Cached per (nation, year): the package takes a few milliseconds a year.
 */
import Holidays from 'date-holidays';
import holidaysPackage from 'date-holidays/package.json' with { type: 'json' };
import { assertSupportedYear, dayFromIso, isWeekend, type LocalDate } from './local-date.js';
import { NATIONS, NATION_REGION_CODES, type Nation } from './nation.js';

export interface BankHoliday {
  readonly date: LocalDate;
  readonly name: string;
}

interface Correction {
  readonly nations: readonly Nation[];
  readonly remove: readonly LocalDate[];
  readonly add: readonly BankHoliday[];
  readonly why: string;
}

/**
 * Where date-holidays 3.37 differs from what was proclaimed. Tests check each one still
 * differs, so an upstream fix shows up as a failing test rather than a double holiday.
 */
export const CORRECTIONS: readonly Correction[] = [
  {
    nations: NATIONS,
    remove: ['2002-05-27'],
    add: [
      { date: '2002-06-03', name: 'Golden Jubilee bank holiday' },
      { date: '2002-06-04', name: 'Spring bank holiday' },
    ],
    why: 'Golden Jubilee: spring bank holiday moved from 27 May to 4 June, 3 June added',
  },
  {
    nations: NATIONS,
    remove: [],
    add: [{ date: '2011-04-29', name: 'Royal wedding' }],
    why: 'Wedding of Prince William and Catherine Middleton, a bank holiday across the UK',
  },
  {
    nations: NATIONS,
    remove: ['2012-05-28'],
    add: [{ date: '2012-06-04', name: 'Spring bank holiday' }],
    why: 'Diamond Jubilee: spring bank holiday moved from 28 May to 4 June (5 June is in the package)',
  },
  {
    nations: ['scotland'],
    remove: ['2000-11-30', '2001-11-30', '2002-12-02', '2003-12-01', '2004-11-30', '2005-11-30', '2006-11-30'],
    add: [],
    why: "St Andrew's Day became a bank holiday by the St Andrew's Day Bank Holiday (Scotland) Act 2007",
  },
];

/** Names the holiday data in a calendar's description, so a due date can be traced to it. */
export const HOLIDAY_SOURCE = `date-holidays ${holidaysPackage.version} (types public, bank) with ${CORRECTIONS.length} CharterDesk corrections`;

const engines = new Map<Nation, Holidays>();
const cache = new Map<string, readonly BankHoliday[]>();

function engine(nation: Nation): Holidays {
  let found = engines.get(nation);
  if (!found) {
    const [country, state] = NATION_REGION_CODES[nation].split('-') as [string, string];
    found = new Holidays(country, state, { types: ['public', 'bank'], languages: ['en'] });
    engines.set(nation, found);
  }
  return found;
}

/** The uncorrected package output, weekend dates included; tests use it to watch the corrections. */
export function packageHolidays(nation: Nation, year: number): BankHoliday[] {
  return engine(nation)
    .getHolidays(year, 'en')
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
}

/**
 * The package lists a holiday on its own date and, if that is a weekend, its substitute too.
 * Only the substitute is a day off, and the published lists (GOV.UK) show only that, so weekend
 * dates are left out. Working-day arithmetic is the same either way.
 */
function fromPackage(nation: Nation, year: number): BankHoliday[] {
  return packageHolidays(nation, year).filter((h) => !isWeekend(dayFromIso(h.date)));
}

function corrected(nation: Nation, year: number, holidays: BankHoliday[]): BankHoliday[] {
  const prefix = `${year}-`;
  const applicable = CORRECTIONS.filter((c) => c.nations.includes(nation));
  const removed = new Set(applicable.flatMap((c) => c.remove));
  const added = applicable.flatMap((c) => c.add).filter((h) => h.date.startsWith(prefix));
  return [...holidays.filter((h) => !removed.has(h.date)), ...added];
}

/** The bank holidays (days off, Monday to Friday) of a nation in a year 2000–2100, in date order. */
export function bankHolidays(nation: Nation, year: number): readonly BankHoliday[] {
  assertSupportedYear(year);
  const key = `${nation}:${year}`;
  let holidays = cache.get(key);
  if (!holidays) {
    const list = corrected(nation, year, fromPackage(nation, year));
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    holidays = Object.freeze(list.map((h) => Object.freeze({ ...h })));
    cache.set(key, holidays);
  }
  return holidays;
}
