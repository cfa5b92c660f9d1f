// GOV.UK Notify cannot be reached from here: the channel is given a stand-in client and the test
// checks what it was asked to send, and how Notify's refusals are treated.
import { describe, expect, it } from 'vitest';
import { NotifyChannel, PermanentDeliveryError, type EmailMessage, type NotifyApi, type SmsMessage } from './channels/index.js';

const EMAIL_TEMPLATE = '8b8a2b4c-3d1e-4f5a-9b6c-7d8e9f0a1b2c';
const SMS_TEMPLATE = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const personalisation = { name: 'Jo Bloggs', reference: '7KQM-3XW9' };

const email: EmailMessage = { notificationId: 'n-1', templateCode: 'case.received', to: 'jo@example.com', subject: 'S', body: 'B', personalisation, notifyTemplateId: EMAIL_TEMPLATE };
const sms: SmsMessage = { notificationId: 'n-2', templateCode: 'case.received', to: '07700 900123', body: 'B', personalisation, notifyTemplateId: SMS_TEMPLATE };

function fakeClient(answer: () => Promise<{ data: { id: string } }> = () => Promise.resolve({ data: { id: 'notify-id-1' } })) {
  const calls: unknown[][] = [];
  const client: NotifyApi = {
    sendEmail: (...args) => (calls.push(['email', ...args]), answer()),
    sendSms: (...args) => (calls.push(['sms', ...args]), answer()),
  };
  return { client, calls };
}

const httpError = (status: number, errors: { error: string; message: string }[]) => Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data: { status_code: status, errors } } });

describe('GOV.UK Notify channel', () => {
  it('sends email and text messages with the Notify template, the personalisation and our id as reference', async () => {
    const { client, calls } = fakeClient();
    const channel = new NotifyChannel('unused', client);
    expect(await channel.sendEmail(email)).toEqual({ providerId: 'notify-id-1' });
    expect(await channel.sendSms(sms)).toEqual({ providerId: 'notify-id-1' });
    expect(calls).toEqual([
      ['email', EMAIL_TEMPLATE, 'jo@example.com', { personalisation, reference: 'n-1' }],
      ['sms', SMS_TEMPLATE, '07700 900123', { personalisation, reference: 'n-2' }],
    ]);
  });

  it('fails for good, saying what to do, when the template has no Notify template ID', async () => {
    const { client, calls } = fakeClient();
    const channel = new NotifyChannel('unused', client);
    const sent = channel.sendEmail({ ...email, notifyTemplateId: null });
    await expect(sent).rejects.toThrow(PermanentDeliveryError);
    await expect(channel.sendSms({ ...sms, notifyTemplateId: null })).rejects.toThrow(
      'Template case.received has no GOV.UK Notify text message template ID: add it in Notifications → Templates, then try again',
    );
    expect(calls).toEqual([]);
  });

  it('fails for good on a 400 or 403 with Notify’s own words, and retries a 429, a 500 or no answer', async () => {
    const refused = new NotifyChannel('unused', fakeClient(() => Promise.reject(httpError(400, [{ error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' }]))).client);
    const error = await refused.sendEmail(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe('GOV.UK Notify refused the message (400): BadRequestError: Can’t send to this recipient using a team-only API key');

    for (const failure of [httpError(429, [{ error: 'RateLimitError', message: 'Exceeded rate limit' }]), httpError(500, []), new Error('connect ECONNREFUSED')]) {
      const channel = new NotifyChannel('unused', fakeClient(() => Promise.reject(failure)).client);
      const thrown = await channel.sendSms(sms).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(PermanentDeliveryError);
    }
  });

  it('makes a real Notify client from an API key without calling Notify', () => {
    const key = `charterdesk-test-${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}-${'2'.repeat(8)}-2222-4222-8222-${'2'.repeat(12)}`;
    expect(new NotifyChannel(key).name).toBe('notify');
  });
});
