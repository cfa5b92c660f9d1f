// A real SMTP server for tests, on 127.0.0.1 and a free port: it keeps every message it accepts,
// parsed, and can refuse the first ones (as a busy mail server does) to exercise the retries.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  url: string;
  received: ParsedMail[];
  /** How many messages were offered, accepted or not. */
  offered(): number;
  close(): Promise<void>;
}

/** `refuse(n)` says whether to refuse the nth message offered (1-based), with a temporary 451. */
export async function startTestSmtpServer(refuse: (n: number) => boolean = () => false): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let offered = 0;
  const server = new SMTPServer({
    authOptional: true,
    // No TLS: nodemailer would otherwise upgrade to it and refuse the server's self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const n = ++offered;
      simpleParser(stream).then(
        (mail) => {
          if (refuse(n)) return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    offered: () => offered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
