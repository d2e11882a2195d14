import { z } from 'zod';

/**
 * Outbox delivery settings (docs/operations.md, "Delivery"): the SMTP relay offices and supervisors
 * are mailed through, their addresses, and the delivery loop's bounds. Read from the environment
 * like config/env.ts; the SMTP password is only ever handed to the transport, never logged.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 500ms, 30s or 1h');
const port = z.coerce.number().int().min(1).max(65535);
const Addresses = z.record(z.string().regex(/^(office|supervisor):\S+$/), z.email());

export const DeliveryEnvSchema = z.object({
  /** No host: no mail is sent and office/supervisor messages stay queued. */
  CLEARWAY_SMTP_HOST: z.string().min(1).optional(),
  CLEARWAY_SMTP_PORT: port.default(587),
  /** Implicit TLS (port 465); otherwise STARTTLS when the relay offers it (required with REQUIRE_TLS). */
  CLEARWAY_SMTP_SECURE: z.stringbool().default(false),
  CLEARWAY_SMTP_REQUIRE_TLS: z.stringbool().default(false),
  CLEARWAY_SMTP_USER: z.string().min(1).optional(),
  CLEARWAY_SMTP_PASSWORD: z.string().min(1).optional(),
  CLEARWAY_MAIL_FROM: z.email().default('clearway@localhost'),
  /** `office:<code>` / `supervisor:<code>` to an address, JSON; wins over the domain rule. */
  CLEARWAY_MAIL_ADDRESSES: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {};
      try {
        return Addresses.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object {"office:<code>": "<address>"}' });
        return z.NEVER;
      }
    }),
  /** Otherwise `<code>@<domain>` for an office and `supervisor.<code>@<domain>` for its supervisor. */
  CLEARWAY_MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)
    .optional(),
  /** Where a mail's link to the case points. */
  CLEARWAY_CONSOLE_URL: z.url().default('http://127.0.0.1:3000/console'),
  /** The dev stack's SMTP sink (`npm start`): its port, 0 for none. */
  CLEARWAY_SMTP_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  CLEARWAY_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  CLEARWAY_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(20),
  /** Back-off after the n-th failed attempt: min(max, base * 2^(n-1)). */
  CLEARWAY_DELIVERY_BACKOFF: duration.default('1s'),
  CLEARWAY_DELIVERY_MAX_BACKOFF: duration.default('1h'),
});
export type DeliveryConfig = z.infer<typeof DeliveryEnvSchema>;

export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  // An empty variable (compose's `${X:-}`) is an unset one.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = DeliveryEnvSchema.safeParse(given);
  if (!parsed.success)
    throw new Error(
      'delivery settings: ' + parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; '),
    );
  return parsed.data;
}

/** The mailbox of `office:<code>` or `supervisor:<code>`, or undefined when none is configured. */
export function mailAddressOf(cfg: DeliveryConfig, destination: string): string | undefined {
  const configured = cfg.CLEARWAY_MAIL_ADDRESSES[destination];
  if (configured) return configured;
  const [kind, code] = destination.split(':', 2);
  if (!cfg.CLEARWAY_MAIL_DOMAIN || !code || !/^[A-Za-z0-9-]+$/.test(code)) return undefined;
  const local = kind === 'supervisor' ? `supervisor.${code}` : code;
  return `${local.toLowerCase()}@${cfg.CLEARWAY_MAIL_DOMAIN}`;
}
