import { servedAdministrations } from '../../config/administrations';
import { loadDeliveryConfig, mailAddressOf } from '../../config/delivery';
import { backoffMs } from '../../activities/outbox/lease';
import { mailText } from '../../activities/outbox/mail-text';
import { routeFilter, routeOf } from '../../activities/outbox/routes';
import { parseMail } from '../../scripts/smtp-sink';

const served = new Set(['KZ', 'CN']);

test('each destination kind takes its way out; an office of a country not served is a partner message', () => {
  expect(routeOf('clearance-system:erp-1', served)).toBe('webhook');
  expect(routeOf('holder:CN91650100MA7XYZ12', served)).toBe('party-webhook');
  expect(routeOf('declarant:D-1', served)).toBe('party-webhook');
  expect(routeOf('supervisor:KZALA001', served)).toBe('mail');
  expect(routeOf('office:KZKHO001', served)).toBe('mail');
  expect(routeOf('office:KGBIS001', served)).toBe('partner');
  expect(routeOf('partner:KG', served)).toBe('partner');
  // An administration this node serves reads the case here: nothing leaves the node.
  expect(routeOf('partner:KZ', served)).toBe('local');
  expect(routeOf('elsewhere:x', served)).toBeUndefined();
});

test('only messages some configured sender can take are claimed: no partner sender, no partner messages', () => {
  const noop = async () => ({ ok: true as const });
  const webhooksOnly = routeFilter({ senders: { webhook: noop }, served, mailTo: 'all' }, 4);
  expect(webhooksOnly.sql).toContain("'clearance-system'");
  expect(webhooksOnly.sql).not.toContain("'partner'");
  expect(webhooksOnly.sql).toContain('o.type <> ALL($4::text[])');
  expect(webhooksOnly.params).toEqual([['post-entry-audit-requested']]);
  const mail = routeFilter(
    { senders: { mail: noop, partner: noop }, served, mailTo: ['office:KZALA001'] },
    4,
  );
  // One parameter for the served countries, shared by the mail and partner conditions.
  expect(mail.params).toEqual([['KZ', 'CN'], ['office:KZALA001'], ['post-entry-audit-requested']]);
  expect(mail.sql.match(/\$4::text\[\]/g)).toHaveLength(3);
  const local = routeFilter({ senders: { local: noop }, served, mailTo: 'all' }, 1);
  expect(local.sql).toContain("split_part(o.destination, ':', 1) = 'partner' AND upper");
  expect(local.params).toEqual([['KZ', 'CN'], ['post-entry-audit-requested']]);
  expect(routeFilter({ senders: {}, served, mailTo: 'all' }, 1).sql).toContain('(false)');
});

test('back-off doubles from the base up to the cap', () => {
  const b = { baseBackoffMs: 1_000, maxBackoffMs: 5_000, maxAttempts: 10 };
  expect([1, 2, 3, 4, 5].map((n) => backoffMs(b, n))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
});

test('served administrations: the five by default, CLEARWAY_ADMINISTRATIONS otherwise; a bad code stops start-up', () => {
  expect([...servedAdministrations({})].sort()).toEqual(['CN', 'KG', 'KZ', 'TJ', 'UZ']);
  expect([...servedAdministrations({ CLEARWAY_ADMINISTRATIONS: 'kz, CN' })]).toEqual(['KZ', 'CN']);
  expect(() => servedAdministrations({ CLEARWAY_ADMINISTRATIONS: 'KZ,Kazakhstan' })).toThrow(/KAZAKHSTAN/);
});

test('mail addresses: a configured one wins, else the domain rule; none without either', () => {
  const cfg = loadDeliveryConfig({
    CLEARWAY_MAIL_DOMAIN: 'customs.example',
    CLEARWAY_MAIL_ADDRESSES: JSON.stringify({ 'office:KZALA001': 'almaty@customs.kz' }),
  });
  expect(mailAddressOf(cfg, 'office:KZALA001')).toBe('almaty@customs.kz');
  expect(mailAddressOf(cfg, 'office:KZKHO001')).toBe('kzkho001@customs.example');
  expect(mailAddressOf(cfg, 'supervisor:KZALA001')).toBe('supervisor.kzala001@customs.example');
  expect(mailAddressOf(loadDeliveryConfig({}), 'office:KZKHO001')).toBeUndefined();
  expect(() => loadDeliveryConfig({ CLEARWAY_MAIL_ADDRESSES: '{"office:X": "not-an-address"}' })).toThrow(
    /CLEARWAY_MAIL_ADDRESSES/,
  );
});

test('a mail names the case, says what happened and links the console', () => {
  const m = mailText(
    {
      messageId: 'declaration/26KZ1/stuck/7',
      caseId: 'declaration/26KZ1',
      destination: 'supervisor:KZALA001',
      type: 'case-stuck',
      payload: { state: 'AWAITING_PAYMENT', reason: 'SLA of 1d breached', office: 'KZALA001' },
      createdAt: new Date(0),
      attempts: 0,
    },
    'http://console.example/console',
  );
  expect(m.subject).toBe('[Clearway] case-stuck: declaration/26KZ1 (KZALA001)');
  expect(m.text).toContain('Case declaration/26KZ1 is stuck in AWAITING_PAYMENT: SLA of 1d breached.');
  expect(m.text).toContain('Console: http://console.example/console#/case/declaration/26KZ1');
  expect(m.text).toContain('  reason: SLA of 1d breached');
});

test('the sink reads envelope, subject, message id and a quoted-printable body', () => {
  const raw = [
    'Subject: [Clearway] case-stuck: declaration/26KZ1',
    'X-Clearway-Message-Id: declaration/26KZ1/stuck/7',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Case declaration/26KZ1 is stuck =E2=80=94 a long line that was cut by the enc=',
    'oder.',
  ].join('\r\n');
  const m = parseMail(raw, { from: 'clearway@localhost', to: ['a@b.example'] }, '1.eml');
  expect(m).toMatchObject({
    subject: '[Clearway] case-stuck: declaration/26KZ1',
    messageId: 'declaration/26KZ1/stuck/7',
    to: ['a@b.example'],
    text: 'Case declaration/26KZ1 is stuck — a long line that was cut by the encoder.',
  });
});
