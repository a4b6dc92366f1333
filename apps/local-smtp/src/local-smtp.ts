import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Logger } from 'pino';

/** One mail the server accepted, as the mailbox API shows it. */
export interface ReceivedMail {
  id: string;
  message_id: string | null;
  from: string;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  received_at: string;
}

export interface LocalSmtpOptions {
  smtpPort?: number;
  httpPort?: number;
  host?: string;
  maxMessages?: number;
  logger?: Logger;
}

export interface LocalSmtp {
  /** `smtp://host:port`, what the notifications service's SMTP_URL names. */
  smtpUrl: string;
  /** The mailbox API: `GET /messages?to=`, `GET /messages/:id`, `DELETE /messages`. */
  httpUrl: string;
  messages(to?: string): ReceivedMail[];
  close(): Promise<void>;
}

function listen(
  server: { listen(port: number, host: string, done: () => void): unknown; once(e: 'error', l: (err: Error) => void): unknown },
  port: number,
  host: string,
) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * A local SMTP server standing in for a mail provider: accepts every mail (no auth, no TLS) and
 * keeps it in memory, with a small HTTP API where developers and tests read the mailbox.
 */
export async function startLocalSmtp(options: LocalSmtpOptions = {}): Promise<LocalSmtp> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 1000;
  const mailbox: ReceivedMail[] = [];

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mailbox.push({
            id: randomUUID(),
            message_id: parsed.messageId ?? null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            received_at: new Date().toISOString(),
          });
          if (mailbox.length > maxMessages) mailbox.splice(0, mailbox.length - maxMessages);
          options.logger?.info({ to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject }, 'mail received');
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  const messages = (to?: string) => (to ? mailbox.filter((m) => m.to.includes(to.toLowerCase())) : [...mailbox]);

  const http: HttpServer = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://local-smtp');
    if (url.pathname === '/messages' && request.method === 'GET') {
      const list = messages(url.searchParams.get('to') ?? undefined).reverse();
      return send(response, 200, { messages: list, total: list.length });
    }
    if (url.pathname === '/messages' && request.method === 'DELETE') {
      mailbox.length = 0;
      response.writeHead(204).end();
      return;
    }
    const one = /^\/messages\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (one && request.method === 'GET') {
      const mail = mailbox.find((m) => m.id === one[1]);
      return mail ? send(response, 200, mail) : send(response, 404, { error: 'no such message' });
    }
    if (url.pathname === '/health') return send(response, 200, { status: 'ok' });
    send(response, 404, { error: 'not found' });
  });

  await listen(smtp.server, options.smtpPort ?? 0, host);
  try {
    await listen(http, options.httpPort ?? 0, host);
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    smtpUrl: `smtp://${reachable}:${(smtp.server.address() as AddressInfo).port}`,
    httpUrl: `http://${reachable}:${(http.address() as AddressInfo).port}`,
    messages,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
