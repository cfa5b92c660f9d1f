// The demo council's closure days: the working days between Christmas and New Year, when its
// offices close. Bank holidays are not listed: they come from the nation's calendar.
import type { CalendarDayInput } from '../features/calendar/service.js';

const CHRISTMAS_CLOSURE = 'Council offices closed between Christmas and New Year';

// 2025: Christmas Thu, Boxing Day Fri. 2026: Christmas Fri, Boxing Day (Sat) moved to Mon 28.
// 2027: both fall at the weekend, moved to Mon 27 and Tue 28. In each year 29–31 December are
// the working days left before New Year's Day.
export const DEMO_CLOSURE_DAYS: CalendarDayInput[] = ['2025', '2026', '2027'].flatMap((year) =>
  ['29', '30', '31'].map((day) => ({ date: `${year}-12-${day}`, kind: 'closure', reason: CHRISTMAS_CLOSURE })),
);
