import fs from 'node:fs';
import { buildDirectory } from '../../config/partners';
import { signEnvelope, verifyMessage } from '../../activities/exchange/jws';
import type { ExchangeTrust } from '../../activities/exchange/trust';
import type { AnswerBody, ExchangeEnvelope } from '../../domain/exchange/envelope';
import { startTestStack, type TestStack } from './api';
import { example } from './examples';
import { writeExchangeFiles } from './exchange-keys';
import { eventually } from './temporal';

/**
 * A test stack for the signed exchange: one node serving every administration of a test directory
 * (keys written to a temporary keys file), with helpers to sign partners' messages with those keys,
 * post them, and verify the signed answers. Registers its own beforeAll/afterAll.
 */
export const ADMINISTRATIONS = ['CN', 'KZ', 'KG', 'TJ', 'UZ'];

export function signedExchangeStack(name: string) {
  const files = writeExchangeFiles(ADMINISTRATIONS);
  let stack: TestStack;
  let clearance: string;
  beforeAll(async () => {
    stack = await startTestStack(name, {
      CLEARWAY_PARTNERS_FILE: files.partnersFile,
      CLEARWAY_EXCHANGE_KEYS_FILE: files.keysFile,
    });
    clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
  });
  afterAll(async () => {
    await stack?.close();
    fs.rmSync(files.dir, { recursive: true, force: true });
  });

  const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
  const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
  const trust = (endpoint = 'http://127.0.0.1:9/'): ExchangeTrust => ({
    directory: buildDirectory(
      ADMINISTRATIONS.map((cc) => ({
        administration: cc,
        endpoint: cc === 'CN' ? endpoint : 'http://127.0.0.1:9/',
        keys: files.keys.publicKeys().find((k) => k.administration === cc)!.keys,
        takes: ['IE118', 'IE006', 'IE018', 'IE182'],
        sends: ['IE118', 'IE006', 'IE018', 'IE182'],
      })),
    ),
    keys: files.keys,
    served: ADMINISTRATIONS,
    windowMs: 300_000,
  });

  async function releasedMovement(): Promise<string> {
    const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
    expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
    const t = JSON.parse(JSON.stringify(example('transit.json')));
    t.lrn = `E2E-S-${rand()}`;
    t.guarantee.grn = grn;
    const lodged = await post('/v1/transits', clearance, t);
    expect(lodged.status).toBe(202);
    await eventually(
      async () => (await stack.request('GET', `/v1/transits/${lodged.body.mrn}`, { token: clearance })).body,
      (v) => v?.state === 'RELEASED_FOR_TRANSIT',
    );
    return lodged.body.mrn;
  }

  const envelope = (mrn: string, e: Partial<ExchangeEnvelope>): ExchangeEnvelope => ({
    sender: 'KZ',
    receiver: 'CN',
    type: 'IE118',
    messageId: `KZ-118-${mrn}`,
    correlation: mrn,
    time: new Date().toISOString(),
    body: { office: 'KZKHO001', sealsIntact: true },
    ...e,
  });
  const sign = (e: ExchangeEnvelope, keys = files.keys) =>
    signEnvelope(e, keys.current(e.sender, new Date())!);

  /** POSTs a JWS; the answer must verify as the receiver's, in reply to that message. */
  async function send(jws: string, inReplyTo?: string) {
    const res = await fetch(`${stack.baseUrl}/v1/exchange/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: jws,
    });
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^application\/jose/);
    // An answer to a sender the node could not tell is addressed to ZZ.
    const v = await verifyMessage(text, { ...trust(), served: [...ADMINISTRATIONS, 'ZZ'], now: new Date() });
    if (!v.ok) throw new Error(`answer does not verify: ${v.refusal.text}`);
    const body = v.envelope.body as unknown as AnswerBody;
    if (inReplyTo) expect(body.inReplyTo).toBe(inReplyTo);
    return {
      status: res.status,
      text,
      type: v.envelope.type,
      body,
      duplicate: res.headers.get('x-clearway-duplicate'),
    };
  }
  const crossings = async (mrn: string) =>
    (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body.timeline.filter(
      (e: { type: string }) => e.type === 'border-crossing',
    ).length;
  const inboxRows = async (id: string) =>
    (await stack.pool.query('SELECT source, status FROM inbox WHERE message_id = $1', [id])).rows;

  return {
    files,
    get stack() {
      return stack;
    },
    get clearance() {
      return clearance;
    },
    trust,
    releasedMovement,
    envelope,
    sign,
    send,
    crossings,
    inboxRows,
  };
}
