// Real mail over SMTP, on both engines: the listener on a free port, nodemailer sending to it as
// the council's mail server would relay. A new enquiry waits for an advisor; a reply from the
// case's own address reaches the case (and resumes it when it was waiting for the customer);
// nobody else's reply touches a case; a message delivered twice is recorded once; mail for an
// unknown address, too large, or arriving while the database is down is refused with the code
// that tells the sending server what to do.
import { Kysely, PostgresDialect } from 'kysely';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { Schema } from '../../platform/db/schema.js';
import { createMemoryFileStore } from '../../platform/files/index.js';
import { getRequestType } from '../charter/service.js';
import { changeStatus } from '../cases/lifecycle.js';
import { raiseCase } from '../cases/service.js';
import { startInboundSmtp, type InboundSmtp } from './smtp.js';

const INBOX = 'contact@brackenfield.example';
const officer: Actor = { type: 'staff', id: 'officer', label: 'Priya Shah' };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
// A real 1x1 pixel PNG, and the start of a Windows program.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]);

type Mail = { from: string; subject: string; text: string; to?: string; messageId?: string; headers?: Record<string, string>; attachments?: { filename: string; content: Buffer }[] };

/** Sends one message to the listener over SMTP, as the council's mail server would relay it. */
async function send(port: number, mail: Mail) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ to: INBOX, ...mail });
  } finally {
    transport.close();
  }
}

forEachEngine('inbound email over SMTP', (_use, engine) => {
  let t: TestApp;
  let smtp: InboundSmtp;
  const files = createMemoryFileStore();
  const clock = new Date('2026-04-07T10:00:00Z');
  const db = () => t.database.db;
  const ctx = () => ({ db: db(), actor: officer, now: clock, publicUrl: 'https://council.example' });

  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => clock, files });
    smtp = await startInboundSmtp({ db: db(), files, port: 0, host: '127.0.0.1', allowedRecipients: [INBOX], logger: quiet, publicUrl: 'https://council.example', now: () => clock });
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });

  const contactOf = (subject: string) => db().selectFrom('contact').selectAll().where('subject', '=', subject).execute();
  const caseOf = (reference: string) => db().selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const eventsOf = async (reference: string) => {
    const kase = await caseOf(reference);
    return db().selectFrom('case_event').select(['type', 'public', 'actor_type', 'actor_label', 'detail']).where('case_id', '=', kase.id).orderBy('id').execute();
  };

  /** A missed-bin case from Sam, now waiting for the information the officer asked for. */
  async function waitingCase(): Promise<string> {
    const requestType = await getRequestType(db(), { code: 'missed-bin' });
    const raised = await raiseCase(ctx(), {
      requestType, channel: 'web', answers: { bin_type: 'garden_waste' }, contact: { name: 'Sam Green', email: 'Sam.Green@example.com' }, receivedAt: clock,
    });
    await changeStatus(ctx(), { reference: raised.reference, expectedVersion: 1, to: 'waiting_for_customer', message: 'Which bin was missed?' });
    return raised.reference;
  }

  it('records a new enquiry as a contact for an advisor, whatever the case of the address it was sent to', async () => {
    const sent = await send(smtp.port, { from: '"Alex Reed" <alex@example.com>', to: 'Contact@Brackenfield.example', subject: 'Fly-tipping on Mill Lane', text: 'There is a sofa dumped by the gate.' });
    expect(sent.response).toMatch(/^250 /);
    const [contact, ...others] = await contactOf('Fly-tipping on Mill Lane');
    expect(others).toEqual([]);
    expect(contact).toMatchObject({
      channel: 'email', direction: 'inbound', status: 'new', case_id: null, from_address: 'alex@example.com', from_name: 'Alex Reed',
      to_address: INBOX, body_text: 'There is a sofa dumped by the gate.', received_at: clock,
    });
    expect(contact?.message_id).toMatch(/^<.+>$/);
    const audit = await db().selectFrom('audit_event').select(['actor_type', 'actor_label']).where('action', '=', 'contact.received').where('subject_id', '=', contact?.id ?? '').execute();
    expect(audit).toEqual([{ actor_type: 'resident', actor_label: 'alex@example.com' }]);
  });

  it('adds a reply from the case’s own address to the case as a public update, resuming it, once however often it is delivered', async () => {
    const reference = await waitingCase();
    const reply = {
      from: 'Sam Green <sam.green@EXAMPLE.com>',
      subject: `Re: Your request ${reference}`,
      text: `It was the green bin.\n\nOn Tue, 7 Apr 2026 at 10:00, Brackenfield Council <noreply@brackenfield.example> wrote:\n> Which bin was missed?\n> Your reference is ${reference}`,
      messageId: `<reply-${reference}@example.com>`,
    };
    await send(smtp.port, reply);
    await send(smtp.port, reply);
    const contacts = await contactOf(reply.subject);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ status: 'linked', case_id: (await caseOf(reference)).id });
    expect(await caseOf(reference)).toMatchObject({ status: 'in_progress', status_category: 'open' });
    const updates = (await eventsOf(reference)).filter((e) => e.type === 'customer_update');
    expect(updates).toEqual([{ type: 'customer_update', public: true, actor_type: 'resident', actor_label: 'sam.green@example.com', detail: { message: 'It was the green bin.', channel: 'email' } }]);
  });

  it('does not let a reply from another address touch the case', async () => {
    const reference = await waitingCase();
    const before = await caseOf(reference);
    await send(smtp.port, { from: 'someone@elsewhere.example', subject: `Re: ${reference}`, text: 'I know this case number.' });
    const [contact] = await contactOf(`Re: ${reference}`);
    expect(contact).toMatchObject({ status: 'new', case_id: null });
    const after = await caseOf(reference);
    expect(after).toMatchObject({ status: 'waiting_for_customer', version: before.version });
  });

  it('leaves a reply to a finished case in the inbox, linked to the case, and the case untouched', async () => {
    const reference = await waitingCase();
    await changeStatus(ctx(), { reference, expectedVersion: 2, to: 'resolved', message: 'Collected today.' });
    const before = await caseOf(reference);
    const events = await eventsOf(reference);
    await send(smtp.port, { from: 'sam.green@example.com', subject: `Re: ${reference} still not collected`, text: 'It is still there.' });
    const [contact] = await contactOf(`Re: ${reference} still not collected`);
    expect(contact).toMatchObject({ status: 'new', case_id: before.id });
    // The refused change left nothing behind: not even the claim on the case's version.
    expect((await caseOf(reference)).version).toBe(before.version);
    expect(await eventsOf(reference)).toEqual(events);
  });

  it('sets aside an out-of-office reply as handled, without answering for the resident', async () => {
    const reference = await waitingCase();
    await send(smtp.port, { from: 'sam.green@example.com', subject: `Automatic reply: ${reference}`, text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    const [contact] = await contactOf(`Automatic reply: ${reference}`);
    expect(contact).toMatchObject({ status: 'handled', handled_at: clock });
    expect((await caseOf(reference)).status).toBe('waiting_for_customer');
  });

  it('keeps a photo that came with an email and lists a program without storing it', async () => {
    const stored = files.files.size;
    await send(smtp.port, { from: 'alex@example.com', subject: 'Photo of the sofa', text: 'See attached.', attachments: [{ filename: 'sofa.png', content: PNG }, { filename: 'invoice.pdf.exe', content: EXE }] });
    const [contact] = await contactOf('Photo of the sofa');
    const rows = await db().selectFrom('contact_attachment').selectAll().where('contact_id', '=', contact?.id ?? '').orderBy('filename').execute();
    expect(rows).toMatchObject([
      { filename: 'invoice.pdf.exe', file_key: null, not_kept_reason: 'Only JPG, PNG and PDF files are kept' },
      { filename: 'sofa.png', content_type: 'image/png', size: PNG.length, not_kept_reason: null },
    ]);
    expect(files.files.size).toBe(stored + 1);
    expect(files.files.get(rows[1]?.file_key ?? '')?.bytes.equals(PNG)).toBe(true);
  });

  it('refuses mail for an address that is not the council’s with a 550, storing nothing', async () => {
    const count = async () => (await db().selectFrom('contact').select('id').execute()).length;
    const before = await count();
    await expect(send(smtp.port, { from: 'alex@example.com', to: 'nobody@brackenfield.example', subject: 'Lost', text: 'Hello?' })).rejects.toMatchObject({ responseCode: 550 });
    expect(await count()).toBe(before);
  });

  it('takes mail only from a relay that signs in, when credentials are configured', async () => {
    const auth = { username: 'relay', password: 'a long relay password' };
    const guarded = await startInboundSmtp({ db: db(), files, port: 0, host: '127.0.0.1', allowedRecipients: [INBOX], logger: quiet, publicUrl: 'https://council.example', auth });
    const sendAs = (credentials?: { user: string; pass: string }) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: guarded.port, secure: false, ignoreTLS: true, ...(credentials && { auth: credentials }) });
      return transport.sendMail({ to: INBOX, from: 'alex@example.com', subject: 'Via the relay', text: 'Hello' }).finally(() => transport.close());
    };
    try {
      await expect(sendAs()).rejects.toMatchObject({ responseCode: 530 });
      await expect(sendAs({ user: 'relay', pass: 'a wrong password' })).rejects.toMatchObject({ responseCode: 535 });
      expect((await sendAs({ user: auth.username, pass: auth.password })).response).toMatch(/^250 /);
      expect(await contactOf('Via the relay')).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a message over the size limit with a 552', async () => {
    const small = await startInboundSmtp({ db: db(), files, port: 0, host: '127.0.0.1', allowedRecipients: [INBOX], logger: quiet, publicUrl: 'https://council.example', maxMessageBytes: 2000 });
    try {
      await expect(send(small.port, { from: 'alex@example.com', subject: 'Too big', text: 'x'.repeat(5000) })).rejects.toMatchObject({ responseCode: 552 });
      expect(await contactOf('Too big')).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('inbound email while the database is down', () => {
  it('asks the sending server to try again later (451), so no mail is lost', async () => {
    // A PostgreSQL server that does not answer: nothing listens on port 1.
    const down = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 1000 }) }) });
    const listener = await startInboundSmtp({ db: down, files: createMemoryFileStore(), port: 0, host: '127.0.0.1', allowedRecipients: [INBOX], logger: quiet, publicUrl: 'https://council.example' });
    try {
      await expect(send(listener.port, { from: 'alex@example.com', subject: 'While down', text: 'Hello' })).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await listener.close();
      await down.destroy();
    }
  });
});
