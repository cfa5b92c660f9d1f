// The SMTP listener the council's mail server relays inbound mail to. It accepts mail only for the
// council's inbound addresses (550 for any other), answers 250 only once the message is stored,
// and 451 when it cannot be (the database is down, say) so the sending server keeps the message
// and tries again later: mail is never lost silently.
// It speaks plain SMTP: put it on a private network or loopback behind the council's mail server,
// which does TLS, spam and sender checks (SPF, DKIM, DMARC) before relaying.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { ConfigError } from '../../config.js';
import type { Db } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files/index.js';
import { MAX_MESSAGE_BYTES } from './model.js';
import { receiveEmail, type ReceivedEmail } from './service.js';

/** The part of pino (Fastify's app.log) the listener writes to. */
export interface InboundLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface InboundSmtpOptions {
  db: Db;
  files: FileStore;
  port: number;
  host: string;
  /** The council's inbound addresses; mail for any other recipient is refused. */
  allowedRecipients: readonly string[];
  logger: InboundLogger;
  publicUrl: string;
  now?: () => Date;
  maxMessageBytes?: number;
  /** Require these credentials (AUTH PLAIN or LOGIN); without them, any client that can connect may deliver. */
  auth?: { username: string; password: string };
  /** The name the server gives in its greeting. */
  name?: string;
}

export interface InboundSmtp {
  /** The port it listens on (the one chosen when port 0 was asked for). */
  port: number;
  close(): Promise<void>;
}

/** An error smtp-server sends to the client as an SMTP reply. */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

const digest = (value: string) => createHash('sha256').update(value).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export async function startInboundSmtp(options: InboundSmtpOptions): Promise<InboundSmtp> {
  const allowed = new Set(options.allowedRecipients.map((a) => a.trim().toLowerCase()));
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const { auth, logger } = options;
  const server = new SMTPServer({
    name: options.name,
    banner: 'CharterDesk inbound mail',
    logger: false,
    size: maxBytes,
    rejectOversized: true,
    // TLS is the relaying mail server's job (see above); without STARTTLS, AUTH has to be allowed in clear.
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    maxClients: 50,
    closeTimeout: 5000,
    onAuth(credentials, _session, callback) {
      const ok = auth && same(credentials.username ?? '', auth.username) && same(credentials.password ?? '', auth.password);
      if (ok) return callback(null, { user: credentials.username });
      return callback(reply(535, 'Authentication failed'));
    },
    onRcptTo(address, session, callback) {
      if (allowed.has(address.address.toLowerCase())) return callback();
      logger.info({ smtp: session.id, to: address.address }, 'inbound email refused: not one of the council’s inbound addresses');
      return callback(reply(550, `No mailbox here by that name: ${address.address}`));
    },
    onData(stream, session, callback) {
      accept(stream, session, options, maxBytes).then(
        (received) => callback(null, received.duplicate ? 'Already received' : `Received as ${received.contactId}`),
        (error: Error) => callback(error),
      );
    },
  });
  // Errors of one client's connection (a reset, a timeout) must not stop the listener. (A failure
  // to start listening is reported by listen() instead.)
  let listening = false;
  server.on('error', (error) => {
    if (listening) logger.warn({ err: error }, 'inbound email connection error');
  });
  const port = await listen(server, options.port, options.host);
  listening = true;
  logger.info({ port, host: options.host, addresses: [...allowed] }, 'inbound email listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is already in use by another program' : error.code === 'EACCES' ? 'needs privileges this user does not have' : `cannot be used (${error.message})`;
      // A configuration problem: main.ts stops with this one line and exit code 2.
      reject(new ConfigError(`INBOUND_SMTP_PORT ${port} on ${host} ${why}: choose another port`));
    };
    server.server.once('error', failed);
    server.listen(port, host, () => {
      server.server.off('error', failed);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

/** Reads the message (keeping at most maxBytes in memory), parses it and records it. */
async function accept(stream: SMTPServerDataStream, session: SMTPServerSession, options: InboundSmtpOptions, maxBytes: number): Promise<ReceivedEmail> {
  const raw = await readBounded(stream, maxBytes);
  if (!raw) throw reply(552, `Message larger than ${Math.floor(maxBytes / (1024 * 1024))}MB`);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    // The message itself is at fault: retrying will not help, so the sender gets a bounce.
    options.logger.warn({ smtp: session.id, err: error }, 'inbound email refused: cannot be read');
    throw reply(554, 'This message could not be read');
  }
  const to = session.envelope.rcptTo[0]?.address ?? '';
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  try {
    const received = await receiveEmail({ db: options.db, files: options.files, now: options.now ?? (() => new Date()), publicUrl: options.publicUrl }, parsed, { to, envelopeFrom });
    options.logger.info({ smtp: session.id, contact: received.contactId, status: received.status, duplicate: received.duplicate }, 'inbound email received');
    return received;
  } catch (error) {
    options.logger.error({ smtp: session.id, err: error }, 'inbound email not stored: asking the sender to try again');
    throw reply(451, 'We could not store this message just now: please try again later');
  }
}

/** The message's bytes, or undefined when it is larger than maxBytes (the rest is read and dropped). */
async function readBounded(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return stream.sizeExceeded || size > maxBytes ? undefined : Buffer.concat(chunks);
}
