// The default channel: sends nothing, writes each message to the log and keeps the last few in
// memory, so the demo, a developer and the tests can see what would have gone out.
import type { Logger } from '../../jobs/index.js';
import type { DeliveryReceipt, EmailMessage, NotificationChannel, SmsMessage } from './channel.js';

export type LoggedMessage = { channel: 'email'; message: EmailMessage } | { channel: 'sms'; message: SmsMessage };

export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  private readonly kept: LoggedMessage[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly keep = 50,
  ) {}

  /** The last messages "sent", oldest first. */
  get messages(): readonly LoggedMessage[] {
    return this.kept;
  }

  sendEmail(message: EmailMessage): Promise<DeliveryReceipt> {
    this.logger.info({ notificationId: message.notificationId, template: message.templateCode, to: message.to, subject: message.subject, body: message.body }, 'email (NOTIFICATIONS=log: written here, not sent)');
    return Promise.resolve(this.remember({ channel: 'email', message }));
  }

  sendSms(message: SmsMessage): Promise<DeliveryReceipt> {
    this.logger.info({ notificationId: message.notificationId, template: message.templateCode, to: message.to, body: message.body }, 'text message (NOTIFICATIONS=log: written here, not sent)');
    return Promise.resolve(this.remember({ channel: 'sms', message }));
  }

  private remember(logged: LoggedMessage): DeliveryReceipt {
    this.kept.push(logged);
    if (this.kept.length > this.keep) this.kept.splice(0, this.kept.length - this.keep);
    return { providerId: `log:${logged.message.notificationId}` };
  }
}
