import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Service } from './services';

/**
 * The dev and test SMTP sink: a real SMTP server (smtp-server) on loopback that accepts every mail
 * and keeps it as files, `<n>.eml` (the raw message) beside `<n>.json` (envelope, subject, the
 * `X-Clearway-Message-Id`, plain-text body decoded). `clearway mail` lists them. No TLS and no
 * authentication: it listens on 127.0.0.1 only and delivers nothing anywhere.
 */
export interface SinkMail {
  file: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string | null;
  text: string;
}

export interface SmtpSink extends Service {
  port: number;
  dir: string;
}

const MAX_SIZE = 5 * 1024 * 1024;

function headersOf(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Envelope and text of one raw message (single-part text, as Clearway sends it). */
export function parseMail(raw: string, envelope: { from: string; to: string[] }, file: string): SinkMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = headersOf(split < 0 ? raw : raw.slice(0, split));
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = (head.get('content-transfer-encoding') ?? '').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return {
    file,
    receivedAt: new Date().toISOString(),
    ...envelope,
    subject: head.get('subject') ?? '',
    messageId: head.get('x-clearway-message-id') ?? null,
    text: text.replace(/\r\n/g, '\n'),
  };
}

export async function startSmtpSink(opts: { port: number; dir: string }): Promise<SmtpSink> {
  fs.mkdirSync(opts.dir, { recursive: true });
  let seq = fs.readdirSync(opts.dir).filter((f) => f.endsWith('.eml')).length;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_SIZE,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded)
          return callback(Object.assign(new Error('message too big'), { responseCode: 552 }));
        const name = `${Date.now()}-${String(++seq).padStart(6, '0')}`;
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        try {
          fs.writeFileSync(path.join(opts.dir, `${name}.eml`), raw);
          // Renamed into place: a reader never sees half an entry.
          const entry = path.join(opts.dir, `${name}.json`);
          fs.writeFileSync(`${entry}.tmp`, JSON.stringify(parseMail(raw, envelope, `${name}.eml`), null, 2));
          fs.renameSync(`${entry}.tmp`, entry);
          callback();
        } catch (err) {
          callback(Object.assign(err as Error, { responseCode: 451 }));
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    name: 'smtp-sink',
    port,
    dir: opts.dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the sink in `dir` holds, oldest first. */
export function readSinkMail(dir: string): SinkMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as SinkMail);
}
