// Email through any SMTP server (the council's relay, a mail service). Plain-text messages, as
// GOV.UK Notify sends. SMTP cannot send text messages: those need GOV.UK Notify.
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryReceipt, EmailMessage, NotificationChannel } from './channel.js';

export interface SmtpOptions {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://...:465 (TLS from the start). */
  url: string;
  /** The From header: "Brackenfield Council <noreply@brackenfield.example>". */
  from: string;
}

export class SmtpChannel implements NotificationChannel {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    // Short timeouts: a mail server that hangs must not hold the worker (the row is retried instead).
    this.transport = nodemailer.createTransport({ url: options.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async sendEmail(message: EmailMessage): Promise<DeliveryReceipt> {
    const info = (await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.body,
      headers: { 'X-CharterDesk-Notification': message.notificationId },
    })) as { messageId?: string };
    return { providerId: info.messageId ?? null };
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
