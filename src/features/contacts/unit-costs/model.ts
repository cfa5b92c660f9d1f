// What one contact costs the council on each channel, and the pure rules for reading the
// administrators' form: pounds and pence typed, pence stored (integers, so sums are exact).
import type { FormErrors, FormResult } from '../../../platform/web/forms.js';
import { CHANNEL_NAMES, CHANNELS, type Channel } from '../../charter/model.js';

/** Every channel may have a unit cost, in the order the charter lists them. */
export const COSTED_CHANNELS: readonly Channel[] = CHANNELS;

/** When the defaults (migration 0025) are in force from: before any contact CharterDesk holds. */
export const DEFAULTS_IN_FORCE_FROM = new Date('2000-01-01T00:00:00Z');

/** A unit cost above £1,000 a contact is a slip of the keyboard, not a figure. */
export const MAX_PENCE = 100_000;

/** How a sentence names one contact on the channel: "Enter the cost of a phone contact". */
export const CONTACT_NOUNS: Record<Channel, string> = {
  phone: 'a phone contact',
  face_to_face: 'a face-to-face contact',
  email: 'an email',
  web: 'a web request',
  letter: 'a letter',
  sms: 'a text message',
  webchat: 'a webchat',
  social_media: 'a social media contact',
  kiosk: 'a kiosk contact',
  open311: 'an Open311 report',
};

/** The figure an error message offers as an example: the benchmark's where it has one. */
const EXAMPLES: Partial<Record<Channel, string>> = { face_to_face: '8.62', web: '0.15', open311: '0.15', kiosk: '0.15' };
const exampleOf = (channel: Channel): string => EXAMPLES[channel] ?? '2.83';

export const fieldOf = (channel: string): string => `cost-${channel}`;

/** Pence as pounds for a form box: 283 -> "2.83", 15 -> "0.15". */
export const poundsText = (pence: number): string => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
/** Pence as readers see them: "£2.83". */
export const formatPence = (pence: number): string => money.format(pence / 100);

/** "2.83", "£2.83", "2", "1,000.00" -> pence; undefined when it is not an amount in pounds and pence. */
export function parsePounds(text: string): number | undefined {
  const value = text.trim().replace(/^£\s*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

export interface UnitCostChange {
  channel: Channel;
  pence: number;
}

type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';

/**
 * The form's boxes -> the unit costs that changed. A channel with a cost must keep one (a box left
 * empty is a mistake, not a way to stop costing it); a channel not costed stays so while its box is
 * empty. Every problem is reported, in the order of the page.
 */
export function readUnitCostForm(body: Body, current: ReadonlyMap<string, number>): FormResult<UnitCostChange[]> {
  const errors: FormErrors = { summary: [], fields: {} };
  const changes: UnitCostChange[] = [];
  const fail = (channel: Channel, text: string) => {
    errors.fields[fieldOf(channel)] = { text };
    errors.summary.push({ text, href: `#${fieldOf(channel)}` });
  };
  for (const channel of COSTED_CHANNELS) {
    const text = first(body[fieldOf(channel)]).trim();
    const now = current.get(channel);
    const noun = CONTACT_NOUNS[channel];
    if (text === '') {
      if (now !== undefined) fail(channel, `Enter the cost of ${noun} in pounds, like ${exampleOf(channel)}`);
      continue;
    }
    const pence = parsePounds(text);
    if (pence === undefined) fail(channel, `Cost of ${noun} must be an amount in pounds, like ${exampleOf(channel)}`);
    else if (pence > MAX_PENCE) fail(channel, `Cost of ${noun} must be £1,000 or less`);
    else if (pence !== now) changes.push({ channel, pence });
  }
  return errors.summary.length ? { ok: false, errors } : { ok: true, value: changes };
}

export const channelLabel = (channel: string): string => CHANNEL_NAMES[channel as Channel] ?? channel;
