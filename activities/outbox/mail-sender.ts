import nodemailer from 'nodemailer';
import { mailAddressOf, type DeliveryConfig } from '../../config/delivery';
import { mailText } from './mail-text';
import type { Sender } from './senders';

/**
 * Email to offices and supervisors through an SMTP relay (nodemailer). The message id goes in an
 * `X-Clearway-Message-Id` header: a mailbox that receives a retried message twice can tell. An SMTP
 * 5xx answer is permanent (no such mailbox, refused sender); a 4xx, a timeout or a refused connection
 * is tried again later. Credentials go to the transport only; a failure's reason is the relay's answer.
 */
export interface MailSender {
  send: Sender;
  /** Destinations with a configured address, or `all` when the domain rule gives every one an address. */
  mailTo: 'all' | readonly string[];
  close(): void;
}

export function mailSender(cfg: DeliveryConfig, timeoutMs: number): MailSender | undefined {
  if (!cfg.CLEARWAY_SMTP_HOST) return undefined;
  const transport = nodemailer.createTransport({
    host: cfg.CLEARWAY_SMTP_HOST,
    port: cfg.CLEARWAY_SMTP_PORT,
    secure: cfg.CLEARWAY_SMTP_SECURE,
    requireTLS: cfg.CLEARWAY_SMTP_REQUIRE_TLS,
    ...(cfg.CLEARWAY_SMTP_USER
      ? { auth: { user: cfg.CLEARWAY_SMTP_USER, pass: cfg.CLEARWAY_SMTP_PASSWORD ?? '' } }
      : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
  });
  return {
    mailTo: cfg.CLEARWAY_MAIL_DOMAIN ? 'all' : Object.keys(cfg.CLEARWAY_MAIL_ADDRESSES),
    close: () => transport.close(),
    async send(m) {
      const to = mailAddressOf(cfg, m.destination);
      if (!to) return { ok: false, permanent: true, reason: `no mail address for ${m.destination}` };
      const { subject, text } = mailText(m, cfg.CLEARWAY_CONSOLE_URL);
      try {
        const info = await transport.sendMail({
          from: cfg.CLEARWAY_MAIL_FROM,
          to,
          subject,
          text,
          headers: { 'X-Clearway-Message-Id': m.messageId },
        });
        return { ok: true, receipt: `${to}: ${info.response}` };
      } catch (err) {
        const e = err as Error & { responseCode?: number; response?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        return { ok: false, permanent, reason: `SMTP to ${to}: ${e.response ?? e.message}` };
      }
    },
  };
}
