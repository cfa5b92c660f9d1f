// The outbox on both engines: a message is rendered and written in the caller's transaction (and
// rolled back with it), delivered to a real SMTP server, retried with backoff when refused, marked
// failed after its last attempt where staff see it and can try again, and taken up again when the
// process sending it died.
import pino from 'pino';
import { beforeEach, expect, it } from 'vitest';
import { forEachEngine } from '../../../test/support/databases.js';
import { startTestSmtpServer } from '../../../test/support/smtp.js';
import type { Actor } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { startWorker } from '../jobs/index.js';
import { LogChannel, SmtpChannel, type NotificationChannel } from './channels/index.js';
import { createOutboxDelivery, RETRY_DELAYS_MS } from './delivery.js';
import { queueNotification } from './outbox.js';
import { listNotifications, notificationCounts, retryNotification, updateTemplate } from './service.js';
import { claimDue } from './store.js';
import { bracketProblem, placeholdersIn } from './templates.js';

const logger = pino({ level: 'silent' });
const admin: Actor = { type: 'staff', id: 'test', label: 'Alex Morgan' };
const start = new Date('2026-03-02T09:00:00Z');
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const MINUTE = 60_000;

const personalisation = {
  name: 'Jo Bloggs',
  reference: '7KQM-3XW9',
  service: 'Waste and recycling',
  request_type: 'Missed bin collection',
  due_date: 'Wednesday 4 March 2026',
  tracking_url: 'https://brackenfield.example/track/abc',
  rating_url: 'https://brackenfield.example/rate/abc',
  message: '',
  status: '',
};

function workerWith(db: Db, channel: NotificationChannel, clock: { now: Date }, retryDelaysMs?: number[]) {
  return startWorker({ db, logger, now: () => clock.now, pollMs: 0, pollers: [createOutboxDelivery({ channel, ...(retryDelaysMs ? { retryDelaysMs } : {}) })] });
}

async function row(db: Db, id: string) {
  return db.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

forEachEngine('Notification outbox', (use) => {
  beforeEach(async () => {
    await use().db.deleteFrom('notification').execute();
  });

  it('ships a template for every message, in plain words with balanced placeholders', async () => {
    const templates = await use().db.selectFrom('notification_template').selectAll().orderBy('code').execute();
    expect(templates.map((t) => t.code)).toEqual([
      'action_plan.overdue',
      'case.acknowledged',
      'case.closed',
      'case.information_requested',
      'case.public_update',
      'case.received',
      'case.resolved',
      'complaint.acknowledged',
      'complaint.escalated',
      'complaint.extended',
      'complaint.not_accepted',
      'complaint.received',
      'complaint.response',
      'staff.case_at_risk',
      'staff.case_breached',
      'staff.sign_in_failures',
    ]);
    for (const t of templates) {
      // The Welsh text, where there is one, is held to the same rules as the English.
      for (const text of [t.email_subject, t.email_body, t.sms_body, t.email_subject_cy ?? '', t.email_body_cy ?? '', t.sms_body_cy ?? '']) {
        expect(bracketProblem(text), `${t.code}: ${text}`).toBeUndefined();
        // Every placeholder is one CharterDesk sends with the message.
        expect(placeholdersIn(text).filter((p) => !t.placeholders.includes(p)), t.code).toEqual([]);
      }
      // Every message about a case names it; a sign-in warning is about an account, and an overdue
      // action-plan reminder about an action, not a case.
      if (t.code !== 'staff.sign_in_failures' && t.code !== 'action_plan.overdue') expect(placeholdersIn(t.email_body + t.email_subject)).toContain('reference');
    }
  });

  it('renders the message when it is queued, preferring email, and keeps that wording after the template changes', async () => {
    const { db } = use();
    const id = await queueNotification(db, { template: 'case.received', to: { email: ' jo@example.com ', phone: '07700 900123' }, personalisation, caseId: '5f0c6f1e-8d44-4f5b-9a55-3f2d7f4f1a10', now: start });
    const queued = await row(db, id);
    expect(queued).toMatchObject({
      template_code: 'case.received',
      channel: 'email',
      recipient: 'jo@example.com',
      subject: 'We have your request – reference 7KQM-3XW9',
      status: 'pending',
      attempts: 0,
      case_id: '5f0c6f1e-8d44-4f5b-9a55-3f2d7f4f1a10',
      next_attempt_at: start,
    });
    expect(queued.body).toContain('Dear Jo Bloggs\n\nWe have your request about Missed bin collection.');
    expect(queued.body).toContain('https://brackenfield.example/track/abc');
    expect(queued.personalisation).toMatchObject({ reference: '7KQM-3XW9' });

    const template = await db.selectFrom('notification_template').selectAll().where('code', '=', 'case.received').executeTakeFirstOrThrow();
    await updateTemplate(db, admin, 'case.received', {
      emailSubject: 'Thanks: ((reference))',
      emailBody: template.email_body,
      smsBody: template.sms_body,
      notifyEmailTemplateId: '',
      notifySmsTemplateId: '',
      version: String(template.version),
    });
    expect((await row(db, id)).subject).toBe('We have your request – reference 7KQM-3XW9');
    const next = await queueNotification(db, { template: 'case.received', to: { email: 'jo@example.com' }, personalisation });
    expect((await row(db, next)).subject).toBe('Thanks: 7KQM-3XW9');
  });

  it('sends a text message when there is only a phone number', async () => {
    const { db } = use();
    const id = await queueNotification(db, { template: 'case.received', to: { email: '', phone: '07700 900123' }, personalisation });
    expect(await row(db, id)).toMatchObject({ channel: 'sms', recipient: '07700 900123', subject: null });
    expect((await row(db, id)).body).toMatch(/^We have your request about Missed bin collection\. Your reference is 7KQM-3XW9\./);
  });

  it('refuses an unknown template, missing personalisation or no recipient when queueing: programming errors', async () => {
    const { db } = use();
    await expect(queueNotification(db, { template: 'case.nonsense', to: { email: 'jo@example.com' }, personalisation })).rejects.toThrow('There is no notification template case.nonsense');
    const partial: Record<string, string> = { ...personalisation };
    delete partial.due_date;
    delete partial.tracking_url;
    await expect(queueNotification(db, { template: 'case.received', to: { email: 'jo@example.com' }, personalisation: partial })).rejects.toThrow(
      'Notification template case.received needs personalisation: due_date, tracking_url',
    );
    await expect(queueNotification(db, { template: 'case.received', to: {}, personalisation })).rejects.toThrow('needs an email address or a phone number');
    expect(await notificationCounts(db)).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0 });
  });

  it('is written in the same transaction as the change that causes it, and rolled back with it', async () => {
    const { db } = use();
    await expect(
      db.transaction().execute(async (trx) => {
        await queueNotification(trx, { template: 'case.received', to: { email: 'jo@example.com' }, personalisation });
        throw new Error('saving the case failed');
      }),
    ).rejects.toThrow('saving the case failed');
    expect(await db.selectFrom('notification').selectAll().execute()).toEqual([]);
  });

  it('delivers an email to a real SMTP server, and records the provider id', async () => {
    const { db } = use();
    const smtp = await startTestSmtpServer();
    const channel = new SmtpChannel({ url: smtp.url, from: 'Brackenfield Council <noreply@brackenfield.example>' });
    try {
      const message = 'Please send a photo of where the bin is usually left.';
      const id = await queueNotification(db, { template: 'case.information_requested', to: { email: 'jo@example.com' }, personalisation: { ...personalisation, message }, now: start });
      const clock = { now: start };
      expect(await workerWith(db, channel, clock).runOnce()).toBe(1);
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0];
      expect(mail?.subject).toBe('We need more information – reference 7KQM-3XW9');
      expect(mail?.from?.text).toBe('"Brackenfield Council" <noreply@brackenfield.example>');
      expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('jo@example.com');
      expect(mail?.text).toContain('Dear Jo Bloggs');
      expect(mail?.text).toContain(`Missed bin collection:\n\n${message}\n\nTo reply,`);
      expect(mail?.text).toContain('https://brackenfield.example/track/abc');
      expect(mail?.headers.get('x-charterdesk-notification')).toBe(id);
      expect(await row(db, id)).toMatchObject({ status: 'sent', attempts: 1, sent_at: start, last_error: null, provider_id: mail?.messageId });
    } finally {
      await channel.close();
      await smtp.close();
    }
  });

  it('tries again after a minute when the mail server refuses, then delivers', async () => {
    const { db } = use();
    const smtp = await startTestSmtpServer((n) => n === 1);
    const channel = new SmtpChannel({ url: smtp.url, from: 'noreply@brackenfield.example' });
    try {
      const id = await queueNotification(db, { template: 'case.acknowledged', to: { email: 'jo@example.com' }, personalisation, now: start });
      const clock = { now: start };
      const worker = workerWith(db, channel, clock);
      await worker.runOnce();
      expect(await row(db, id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: later(start, MINUTE) });
      expect((await row(db, id)).last_error).toMatch(/451 Mailbox busy, try again later/);
      clock.now = later(start, 59_000);
      expect(await worker.runOnce()).toBe(0);
      clock.now = later(start, MINUTE);
      expect(await worker.runOnce()).toBe(1);
      expect(await row(db, id)).toMatchObject({ status: 'sent', attempts: 2, sent_at: clock.now });
      expect(smtp.offered()).toBe(2);
      expect(smtp.received.map((m) => m.subject)).toEqual(['We are dealing with your request – reference 7KQM-3XW9']);
    } finally {
      await channel.close();
      await smtp.close();
    }
  });

  it('waits 1, 5, 30 minutes, 2 and 12 hours between attempts, then marks it failed for staff to see and try again', async () => {
    const { db } = use();
    const smtp = await startTestSmtpServer(() => true);
    const channel = new SmtpChannel({ url: smtp.url, from: 'noreply@brackenfield.example' });
    try {
      const id = await queueNotification(db, { template: 'case.resolved', to: { email: 'jo@example.com' }, personalisation, now: start });
      const clock = { now: start };
      const worker = workerWith(db, channel, clock);
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 6; attempt++) {
        expect(await worker.runOnce()).toBe(1);
        const after = await row(db, id);
        if (after.status === 'pending') waits.push(after.next_attempt_at.getTime() - clock.now.getTime());
        clock.now = after.next_attempt_at;
      }
      expect(waits).toEqual(RETRY_DELAYS_MS);
      const failed = await row(db, id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 6, sent_at: null });
      expect(failed.last_error).toMatch(/451/);
      expect(smtp.offered()).toBe(6);
      clock.now = later(clock.now, 24 * 60 * MINUTE);
      expect(await worker.runOnce()).toBe(0);

      // Staff see it first, with its error; trying again puts it back in the queue, audited.
      await queueNotification(db, { template: 'case.received', to: { phone: '07700 900123' }, personalisation, now: clock.now });
      const listed = await listNotifications(db);
      expect(listed[0]).toMatchObject({ id, status: 'failed', templateName: 'Request resolved', lastError: failed.last_error });
      expect(await retryNotification(db, admin, id, clock.now)).toBe(true);
      expect(await retryNotification(db, admin, id, clock.now)).toBe(false);
      expect(await row(db, id)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: clock.now });
      const audit = await db.selectFrom('audit_event').selectAll().where('action', '=', 'notification.retried').execute();
      expect(audit).toEqual([expect.objectContaining({ actor_label: 'Alex Morgan', subject_id: id })]);
    } finally {
      await channel.close();
      await smtp.close();
    }
  });

  it('fails a text message at once through SMTP, saying it needs GOV.UK Notify', async () => {
    const { db } = use();
    const channel = new SmtpChannel({ url: 'smtp://127.0.0.1:9', from: 'noreply@brackenfield.example' });
    const id = await queueNotification(db, { template: 'case.closed', to: { phone: '07700 900123' }, personalisation, now: start });
    await workerWith(db, channel, { now: start }).runOnce();
    expect(await row(db, id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'Text messages need GOV.UK Notify: the smtp channel sends email only (set NOTIFICATIONS=notify and NOTIFY_API_KEY)',
    });
  });

  it('takes up again a message whose sender died, once its lease has run out', async () => {
    const { db } = use();
    const id = await queueNotification(db, { template: 'case.received', to: { email: 'jo@example.com' }, personalisation, now: start });
    // A process claims it, then dies before sending.
    await claimDue(db, { now: start, leaseUntil: later(start, 2 * MINUTE), limit: 10, maxAttempts: 6 });
    expect(await row(db, id)).toMatchObject({ status: 'sending', attempts: 1 });
    const channel = new LogChannel(logger);
    const clock = { now: later(start, MINUTE) };
    const worker = workerWith(db, channel, clock);
    expect(await worker.runOnce()).toBe(0);
    clock.now = later(start, 2 * MINUTE);
    expect(await worker.runOnce()).toBe(1);
    expect(await row(db, id)).toMatchObject({ status: 'sent', attempts: 2, provider_id: `log:${id}` });
    expect(channel.messages.map((m) => m.message.to)).toEqual(['jo@example.com']);
  });

  it('the log channel keeps the last messages, emails and texts alike', async () => {
    const { db } = use();
    const channel = new LogChannel(logger, 2);
    // A millisecond apart, so they are sent in a known order (messages due at the same instant go in any order).
    const recipients = [{ email: 'a@example.com' }, { phone: '07700 900001' }, { email: 'c@example.com' }];
    for (const [i, to] of recipients.entries()) {
      await queueNotification(db, { template: 'case.public_update', to, personalisation: { ...personalisation, message: 'The crew will come on Friday.' }, now: new Date(start.getTime() + i) });
    }
    expect(await workerWith(db, channel, { now: new Date(start.getTime() + 1000) }).runOnce()).toBe(3);
    expect(channel.messages.map((m) => [m.channel, m.message.to])).toEqual([
      ['sms', '07700 900001'],
      ['email', 'c@example.com'],
    ]);
    expect(channel.messages[1]?.message.body).toContain('The crew will come on Friday.');
    expect((await notificationCounts(db)).sent).toBe(3);
  });
});
