// Delivery: a poller the job worker runs on every look (see README for why a poller, not a job
// per message). It claims due rows, sends each through the channel, and marks it sent, due again
// after a backoff, or failed after the last attempt, where staff see it and can try again.
import type { Db } from '../db/database.js';
import { errorText } from '../jobs/store.js';
import type { Logger, Poller } from '../jobs/index.js';
import { PermanentDeliveryError, type DeliveryReceipt, type NotificationChannel } from './channels/channel.js';
import { claimDue, markFailed, markRetry, markSent, type ClaimedNotification } from './store.js';

const MINUTE = 60_000;
/** Waits after the 1st, 2nd... failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h; then it has failed. */
export const RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE, 720 * MINUTE];

export interface DeliveryOptions {
  channel: NotificationChannel;
  /** One entry per retry; attempts in all = retries + 1. */
  retryDelaysMs?: readonly number[];
  /** Rows claimed per look; default 20. */
  batchSize?: number;
  /** How long a claimed row is kept from other senders; default 2 minutes. */
  leaseMs?: number;
}

export function createOutboxDelivery(options: DeliveryOptions): Poller {
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const maxAttempts = delays.length + 1;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 2 * MINUTE;
  return {
    name: 'outbox',
    async run({ db, logger, now }) {
      const at = now();
      const due = await claimDue(db, { now: at, leaseUntil: new Date(at.getTime() + leaseMs), limit: batchSize, maxAttempts });
      for (const notification of due) {
        try {
          const receipt = await send(options.channel, notification);
          await markSent(db, notification, now(), receipt.providerId);
        } catch (error) {
          // No retry for a failure waiting will not mend, nor after the last attempt.
          const wait = error instanceof PermanentDeliveryError ? undefined : delays[notification.attempts - 1];
          const at = now();
          await settleFailure(db, logger, notification, error, wait === undefined ? undefined : new Date(at.getTime() + wait), at);
        }
      }
      return due.length;
    },
  };
}

function send(channel: NotificationChannel, n: ClaimedNotification): Promise<DeliveryReceipt> {
  const common = { notificationId: n.id, templateCode: n.templateCode, to: n.recipient, body: n.body, personalisation: n.personalisation, notifyTemplateId: n.notifyTemplateId };
  if (n.channel === 'email') return channel.sendEmail({ ...common, subject: n.subject ?? '' });
  if (!channel.sendSms) {
    throw new PermanentDeliveryError(`Text messages need GOV.UK Notify: the ${channel.name} channel sends email only (set NOTIFICATIONS=notify and NOTIFY_API_KEY)`);
  }
  return channel.sendSms(common);
}

async function settleFailure(db: Db, logger: Logger, n: ClaimedNotification, error: unknown, retryAt: Date | undefined, at: Date): Promise<void> {
  const message = errorText(error);
  const detail = { notificationId: n.id, template: n.templateCode, channel: n.channel, attempt: n.attempts, error: message };
  if (retryAt) {
    await markRetry(db, n, retryAt, message);
    logger.warn({ ...detail, retryAt }, 'notification not sent: it will be tried again');
  } else {
    await markFailed(db, n, at, message);
    logger.error(detail, 'notification failed: staff can see it and try again in Notifications');
  }
}
