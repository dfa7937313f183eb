import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps every message it accepts,
 * and a small MIME reader for them: headers unfolded with RFC 2047 encoded words decoded, and the
 * text and HTML parts of a multipart message with their transfer encoding (quoted-printable, base64)
 * undone. Enough to read what nodemailer writes; no more.
 */

export interface ReceivedMail {
  /** RCPT TO of the SMTP envelope. */
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export class Inbox {
  readonly messages: ReceivedMail[] = [];
  /** While set, RCPT TO is answered with this temporary failure. */
  refuse: string | null = null;
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no self-signed certificate for nodemailer to refuse.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Pooled client connections stay open; stop() should not wait 30 s for them.
      closeTimeout: 100,
      onRcptTo: (_address, _session, callback) => {
        if (this.refuse === null) return callback();
        callback(Object.assign(new Error(this.refuse), { responseCode: 451 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push(
            parse(
              Buffer.concat(chunks).toString('latin1'),
              session.envelope.rcptTo.map((r) => r.address),
            ),
          );
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The messages received so far, and forgets them. */
  take(): ReceivedMail[] {
    return this.messages.splice(0);
  }
}

/** Splits header block and body at the first empty line; header names lower-cased, folded lines joined. */
function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** Bytes (one char each, latin1) as UTF-8 text. */
const utf8 = (binary: string) => Buffer.from(binary, 'latin1').toString('utf8');

function quotedPrintable(text: string): string {
  return utf8(text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/**
 * RFC 2047: `=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=`. A run of encoded words is one text: its bytes
 * are joined before they are read as UTF-8, since a long subject may be split inside a character.
 */
export function decodeWords(value: string): string {
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  return value.replace(/=\?[^?]+\?[QqBb]\?[^?]*\?=(?:\s*=\?[^?]+\?[QqBb]\?[^?]*\?=)*/g, (run) =>
    Buffer.concat(
      [...run.matchAll(word)].map(([, , encoding, text]) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            ),
      ),
    ).toString('utf8'),
  );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return quotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return utf8(body);
  }
}

/** The leaf parts of a (possibly nested) multipart body, each with its content type and decoded text. */
function leaves(headers: Record<string, string>, body: string): Array<{ type: string; text: string }> {
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!contentType.toLowerCase().startsWith('multipart/') || !boundary) {
    return [{ type: contentType.split(';')[0].trim().toLowerCase(), text: decodeBody(body, headers['content-transfer-encoding']) }];
  }
  const sections = body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => {
      const part = splitHeaders(section.replace(/^\r?\n/, ''));
      return leaves(part.headers, part.body.replace(/\r?\n$/, ''));
    });
}

export function parse(raw: string, to: string[]): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  const decoded = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, decodeWords(value)]));
  const parts = leaves(headers, body);
  return {
    to,
    headers: decoded,
    subject: decoded.subject ?? '',
    text: parts.find((p) => p.type === 'text/plain')?.text.replace(/\r\n/g, '\n') ?? '',
    html: parts.find((p) => p.type === 'text/html')?.text.replace(/\r\n/g, '\n') ?? '',
    raw,
  };
}
