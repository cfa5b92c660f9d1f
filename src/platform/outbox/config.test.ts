// NOTIFICATIONS, its channel's settings and WORKER, as src/config.ts reads them: a missing or bad
// value is one clear line that never repeats a secret.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

const NOTIFY_KEY = `charterdesk-live-${'a'.repeat(8)}-aaaa-4aaa-8aaa-${'a'.repeat(12)}-${'b'.repeat(8)}-bbbb-4bbb-8bbb-${'b'.repeat(12)}`;

describe('notification and worker settings', () => {
  it('defaults to the log channel with the worker in-process', () => {
    expect(loadConfig({})).toMatchObject({ worker: true, notifications: { channel: 'log' } });
    expect(loadConfig({ WORKER: '0' }).worker).toBe(false);
  });

  it('reads the SMTP and Notify settings', () => {
    expect(loadConfig({ NOTIFICATIONS: 'smtp', SMTP_URL: 'smtp://mailer:pw@mail.example:587', NOTIFY_FROM: 'Brackenfield Council <noreply@brackenfield.example>' }).notifications).toEqual({
      channel: 'smtp',
      smtpUrl: 'smtp://mailer:pw@mail.example:587',
      from: 'Brackenfield Council <noreply@brackenfield.example>',
    });
    expect(loadConfig({ NOTIFICATIONS: 'notify', NOTIFY_API_KEY: NOTIFY_KEY }).notifications).toEqual({ channel: 'notify', apiKey: NOTIFY_KEY });
  });

  it.each([
    [{ NOTIFICATIONS: 'email' }, 'NOTIFICATIONS must be log, smtp or notify (got "email")'],
    [{ NOTIFICATIONS: 'smtp' }, 'NOTIFICATIONS=smtp needs SMTP_URL, such as smtp://user:password@smtp.example.com:587'],
    [{ NOTIFICATIONS: 'smtp', SMTP_URL: 'smtp://mail.example' }, 'NOTIFICATIONS=smtp needs NOTIFY_FROM, the sender, such as "Brackenfield Council <noreply@brackenfield.example>"'],
    [{ NOTIFICATIONS: 'smtp', SMTP_URL: 'https://mailer:hunter2@mail.example' }, 'SMTP_URL must be a URL such as smtp://user:password@smtp.example.com:587 (or smtps:// for TLS from the start)'],
    [{ NOTIFY_FROM: 'the council' }, 'NOTIFY_FROM must be an email address, optionally with a name: "Brackenfield Council <noreply@brackenfield.example>" (got "the council")'],
    [{ NOTIFICATIONS: 'notify' }, 'NOTIFICATIONS=notify needs NOTIFY_API_KEY, an API key from GOV.UK Notify (API integration → API keys)'],
    [{ NOTIFICATIONS: 'notify', NOTIFY_API_KEY: 'hunter2' }, "NOTIFY_API_KEY must be a GOV.UK Notify API key: the key's name followed by two long IDs"],
    [{ WORKER: 'maybe' }, 'WORKER must be 1 or 0 (or true/false, yes/no, on/off) (got "maybe")'],
  ])('%o stops with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).not.toThrow(/hunter2/);
  });
});
