// The template environment: Nunjucks, which the govuk-frontend macros are written for.
// Autoescape is on, so everything printed is escaped unless a template says otherwise.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const govukDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
// hourCycle h12, not hour12: en-GB's 12-hour clock otherwise starts at 0 ("0:30am" for half past midnight).
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

/** "14 April 2026", in London time, as GOV.UK style writes dates. */
export function formatDate(value: Date | string): string {
  return dateFormat.format(new Date(value));
}

/** "Tuesday 14 April 2026": how a promise to a resident names the day. */
export function formatDay(value: Date | string): string {
  return dayFormat.format(new Date(value)).replace(',', '');
}

/** "14 April 2026 at 2:05pm" */
export function formatDateTime(value: Date | string): string {
  const time = timeFormat.format(new Date(value)).replace(/\s/g, '').toLowerCase();
  return `${formatDate(value)} at ${time}`;
}

export function createViewEnvironment(options: { watch?: boolean } = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(
    [path.join(srcDir, 'platform/views/templates'), srcDir, govukDir],
    { noCache: options.watch ?? false },
  );
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addFilter('govukDate', formatDate);
  env.addFilter('govukDateTime', formatDateTime);
  env.addFilter('govukDay', formatDay);
  // Marks the chosen item of a select's items: {{ items | selectedItems(value) }}.
  env.addFilter('selectedItems', (items: { value: string }[], chosen: unknown) => items.map((item) => ({ ...item, selected: item.value === chosen })));
  return env;
}
