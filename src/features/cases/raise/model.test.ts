// The advisor's own boxes on the raise-a-case form: pure rules, no database.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../charter/fields/model.js';
import { ADVISOR_CHANNELS, caseLocation, readOut, readPlace, readReceipt, receiptDefaults } from './model.js';

const received = (day: string, month: string, year: string, time: string, channel = 'letter') => ({
  contactChannel: channel,
  'receivedDate-day': day,
  'receivedDate-month': month,
  'receivedDate-year': year,
  receivedTime: time,
});

describe('how and when a request reached us', () => {
  // Wednesday 1 July 2026, 08:30 in London (BST).
  const now = new Date('2026-07-01T07:30:00Z');

  it('starts the form at today and now, in London time', () => {
    expect(receiptDefaults(now)).toEqual({ 'receivedDate-day': '1', 'receivedDate-month': '7', 'receivedDate-year': '2026', receivedTime: '08:30' });
    expect(receiptDefaults(new Date('2026-12-31T23:59:00Z'))).toMatchObject({ 'receivedDate-day': '31', receivedTime: '23:59' });
  });

  it('reads a London date and time as the instant it was, in summer time too', () => {
    expect(readReceipt(received('30', '6', '2026', '17:05'), now)).toEqual({ ok: true, value: { channel: 'letter', receivedAt: new Date('2026-06-30T16:05:00Z') } });
    expect(readReceipt(received('1', 'July', '2026', '8.30'), now)).toMatchObject({ ok: true, value: { receivedAt: now } });
  });

  it('refuses a time after now, a date after today, and anything but the advisor’s channels', () => {
    const later = readReceipt(received('1', '7', '2026', '08:31'), now);
    expect(later.ok || later.errors.fields).toEqual({ receivedTime: { text: 'Time received must be now or earlier' } });
    const tomorrow = readReceipt(received('2', '7', '2026', '08:00'), now);
    expect(tomorrow.ok || tomorrow.errors.summary).toEqual([{ text: 'Date received must be today or in the past', href: '#receivedDate-day' }]);
    for (const channel of ['web', 'open311', 'pigeon']) {
      const reading = readReceipt(received('1', '7', '2026', '08:00', channel), now);
      expect(reading.ok || reading.errors.fields.contactChannel).toEqual({ text: 'Select how the customer contacted us' });
    }
    expect(ADVISOR_CHANNELS).toEqual(['phone', 'face_to_face', 'email', 'letter', 'sms', 'webchat', 'social_media', 'kiosk']);
  });

  it('links a wrong date to the first box in error', () => {
    const reading = readReceipt(received('', '13', '2026', ''), now);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.errors.summary.map((e) => e.href)).toEqual(['#receivedDate-day', '#receivedTime']);
    expect(reading.errors.fields.receivedTime).toEqual({ text: 'Enter the time received, like 14:30' });
  });
});

describe('where the problem is', () => {
  const location: FieldDefinition = { code: 'where', label: 'Where?', type: 'location', required: true, order: 2 };
  const place = (input: Record<string, string>) => {
    const parsed = readPlace(input);
    if (!parsed.success) throw new Error(parsed.error.message);
    return parsed.data;
  };

  it('checks the UPRN and the position', () => {
    const wrong = readPlace({ locationUprn: '12a', locationLatitude: '-91', locationLongitude: '181' });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => i.path[0])).toEqual(['locationUprn', 'locationLatitude', 'locationLongitude']);
    expect(readPlace({ locationLatitude: '52.1' }).error?.issues).toMatchObject([{ path: ['locationLongitude'], message: 'Enter both the latitude and the longitude, or neither' }]);
    expect(readPlace({ locationLatitude: '-90', locationLongitude: '180' }).success).toBe(true);
  });

  it('takes the location question’s answer, made exact by what the advisor adds', () => {
    const answers = { where: { address: '14 Elm Road', postcode: 'NG1 1AA', lat: 52.1, lng: -1.1 } };
    expect(caseLocation([location], answers, place({ locationUprn: '100030000001' }))).toEqual({ address: '14 Elm Road, NG1 1AA', uprn: '100030000001', latitude: 52.1, longitude: -1.1 });
    expect(caseLocation([location], answers, place({ locationLatitude: '52.2', locationLongitude: '-1.2' }))).toMatchObject({ latitude: 52.2, longitude: -1.2 });
    expect(caseLocation([], {}, place({ locationAddress: ' Market Square ' }))).toEqual({ address: 'Market Square' });
    expect(caseLocation([], {}, place({}))).toBeUndefined();
  });
});

it('reads a reference out one character at a time, letters with their phonetic words', () => {
  expect(readOut('HN4K-7PQ2')).toEqual(['H for Hotel, N for November, 4, K for Kilo', '7, P for Papa, Q for Quebec, 2']);
});
