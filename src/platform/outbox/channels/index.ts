// The channel the configuration asks for (NOTIFICATIONS=log|smtp|notify).
import type { Logger } from '../../jobs/index.js';
import type { NotificationChannel } from './channel.js';
import { LogChannel } from './log.js';
import { NotifyChannel } from './notify.js';
import { SmtpChannel } from './smtp.js';

export type NotificationsConfig =
  | { channel: 'log' }
  | { channel: 'smtp'; smtpUrl: string; from: string }
  | { channel: 'notify'; apiKey: string };

export function createChannel(config: NotificationsConfig, logger: Logger): NotificationChannel {
  switch (config.channel) {
    case 'log':
      return new LogChannel(logger);
    case 'smtp':
      return new SmtpChannel({ url: config.smtpUrl, from: config.from });
    case 'notify':
      return new NotifyChannel(config.apiKey);
  }
}

export { PermanentDeliveryError, type DeliveryReceipt, type EmailMessage, type NotificationChannel, type SmsMessage } from './channel.js';
export { LogChannel, type LoggedMessage } from './log.js';
export { NotifyChannel, type NotifyApi } from './notify.js';
export { SmtpChannel, type SmtpOptions } from './smtp.js';
