// GOV.UK Notify: email and text messages through the government's own service. Notify renders
// its own copy of each template, so each CharterDesk template names the Notify template to use
// and the personalisation is passed through as it is.
import { NotifyClient } from 'notifications-node-client';
import { PermanentDeliveryError, type DeliveryReceipt, type EmailMessage, type NotificationChannel, type SmsMessage } from './channel.js';

type SendOptions = { personalisation?: object; reference?: string };
type Sent = Promise<{ data: { id: string } }>;

/** The part of NotifyClient the channel uses: tests pass their own. */
export interface NotifyApi {
  sendEmail(templateId: string, emailAddress: string, options?: SendOptions): Sent;
  sendSms(templateId: string, phoneNumber: string, options?: SendOptions): Sent;
}

export class NotifyChannel implements NotificationChannel {
  readonly name = 'notify';
  private readonly client: NotifyApi;

  constructor(apiKey: string, client?: NotifyApi) {
    this.client = client ?? new NotifyClient(apiKey);
  }

  async sendEmail(message: EmailMessage): Promise<DeliveryReceipt> {
    const templateId = required(message.notifyTemplateId, message.templateCode, 'email');
    return receipt(() => this.client.sendEmail(templateId, message.to, { personalisation: message.personalisation, reference: message.notificationId }));
  }

  async sendSms(message: SmsMessage): Promise<DeliveryReceipt> {
    const templateId = required(message.notifyTemplateId, message.templateCode, 'text message');
    return receipt(() => this.client.sendSms(templateId, message.to, { personalisation: message.personalisation, reference: message.notificationId }));
  }
}

function required(templateId: string | null, code: string, kind: string): string {
  if (templateId) return templateId;
  throw new PermanentDeliveryError(`Template ${code} has no GOV.UK Notify ${kind} template ID: add it in Notifications → Templates, then try again`);
}

async function receipt(send: () => Sent): Promise<DeliveryReceipt> {
  try {
    const response = await send();
    return { providerId: response.data.id };
  } catch (error) {
    throw describeNotifyError(error);
  }
}

interface NotifyHttpError {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

/**
 * Notify's own words for a refusal. 400 and 403 will not mend by waiting (bad number, bad key,
 * team-only key): they fail at once. 429 and 5xx, and network errors, are retried.
 */
export function describeNotifyError(error: unknown): Error {
  const { response, message } = (error ?? {}) as NotifyHttpError;
  const status = response?.status;
  const reasons = (response?.data?.errors ?? []).map((e) => [e.error, e.message].filter(Boolean).join(': ')).join('; ');
  if (status === undefined) return new Error(`GOV.UK Notify could not be reached: ${message ?? 'no answer'}`);
  const text = `GOV.UK Notify refused the message (${status})${reasons ? `: ${reasons}` : ''}`;
  return status === 400 || status === 403 ? new PermanentDeliveryError(text) : new Error(text);
}
