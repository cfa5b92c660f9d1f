// What a delivery channel is: something that sends one rendered email (and perhaps one text
// message) and says what the provider called it. The outbox does the queueing and retrying.

export interface EmailMessage {
  notificationId: string;
  templateCode: string;
  to: string;
  subject: string;
  body: string;
  /** For providers that render their own copy of the template (GOV.UK Notify). */
  personalisation: Record<string, string>;
  notifyTemplateId: string | null;
}

export interface SmsMessage {
  notificationId: string;
  templateCode: string;
  to: string;
  body: string;
  personalisation: Record<string, string>;
  notifyTemplateId: string | null;
}

export interface DeliveryReceipt {
  /** The provider's id for the message, for tracing it with them. */
  providerId: string | null;
}

export interface NotificationChannel {
  readonly name: string;
  sendEmail(message: EmailMessage): Promise<DeliveryReceipt>;
  /** Absent when the channel cannot send text messages: such a message fails with a clear error. */
  sendSms?(message: SmsMessage): Promise<DeliveryReceipt>;
  close?(): Promise<void>;
}

/** A failure that trying again will not mend (a setting is missing, the provider refused the request). */
export class PermanentDeliveryError extends Error {}
