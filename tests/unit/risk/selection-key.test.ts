import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createRiskActivities, keyedSeed, memoryRiskSource } from '../../../activities/risk';
import { loadConfig } from '../../../config/env';
import { resolveRiskSelectionKeys } from '../../../config/secrets';
import { selectionDraw } from '../../../domain/risk';
import { DeclarationSchema } from '../../../domain/schemas/declaration';
import { example } from '../../support/examples';
import { profileWith } from './helpers';

/** Random selection draws from the administration's secret key, not from the seed a trader knows. */
const KZ_KEY = Buffer.from('kz-random-selection-key-of-32-characters');
const OTHER_KEY = Buffer.from('another-administration-key-32-characters');
const declaration = DeclarationSchema.parse(example('declaration-import.json'));
let n = 0;

function request(seed: string) {
  n += 1;
  return {
    declaration,
    mrn: `26KZSELECTION${n}`,
    seed,
    office: declaration.officeOfDeclaration,
    acceptanceDate: '2026-12-02',
    eventKey: `${seed}/risk/${n}`,
  };
}

const activities = (key: (country: string) => Buffer | undefined) =>
  createRiskActivities({
    source: memoryRiskSource({ '*': profileWith([], { randomSelection: { default: { rate: 0.5 } } }) }),
    selectionKey: key,
  });

test('the draw is the HMAC of the seed under the country key: reproducible with the key, another without it', async () => {
  const req = request('declaration/26KZSEEDKNOWN00001');
  const d = await activities(() => KZ_KEY).assessDeclarationRisk(req);
  expect(d.randomSelection.draw).toBe(selectionDraw(keyedSeed(KZ_KEY, req.seed), req.mrn));
  // What a trader can compute from the public seed alone is not the draw.
  expect(d.randomSelection.draw).not.toBe(selectionDraw(req.seed, req.mrn));
  const other = await activities(() => OTHER_KEY).assessDeclarationRisk({ ...req, eventKey: 'other' });
  expect(other.randomSelection.draw).not.toBe(d.randomSelection.draw);
  // Recorded in history: the public seed and the draw, never the key or the keyed seed.
  expect(d.seed).toBe(req.seed);
  const recorded = JSON.stringify(d);
  expect(recorded).not.toContain(KZ_KEY.toString());
  expect(recorded).not.toContain(keyedSeed(KZ_KEY, req.seed));
});

test('the same seed under the same key draws the same (an amendment does not re-roll)', async () => {
  const risk = activities(() => KZ_KEY);
  const a = await risk.assessDeclarationRisk({ ...request('declaration/26KZSAMESEED000001'), mrn: 'M' });
  const b = await risk.assessDeclarationRisk({ ...request('declaration/26KZSAMESEED000001'), mrn: 'M' });
  expect(a.randomSelection.draw).toBe(b.randomSelection.draw);
});

test('a country without a selection key is a non-retryable failure naming the setting', async () => {
  const err = await activities(() => undefined)
    .assessDeclarationRisk(request('declaration/26KZNOKEY000000001'))
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ nonRetryable: true, type: 'RiskSelectionKeyMissing' });
  expect((err as Error).message).toMatch(/KZ .*CLEARWAY_RISK_SELECTION_KEYS/);
});

test('CLEARWAY_RISK_SELECTION_KEYS gives each administration its own key; production requires it', () => {
  const a = 'a'.repeat(32);
  const b = 'b'.repeat(40);
  const keyOf = resolveRiskSelectionKeys(loadConfig({ CLEARWAY_RISK_SELECTION_KEYS: `KZ:${a},KG:${b}` }));
  expect(keyOf('KZ')?.toString()).toBe(a);
  expect(keyOf('KG')?.toString()).toBe(b);
  expect(keyOf('UZ')).toBeUndefined();
  expect(() => loadConfig({ CLEARWAY_RISK_SELECTION_KEYS: 'KZ:short' })).toThrow(
    /CLEARWAY_RISK_SELECTION_KEYS/,
  );
  const production = { NODE_ENV: 'production', CLEARWAY_AUTH_SECRET: 'x'.repeat(32) };
  expect(() =>
    loadConfig({ ...production, CLEARWAY_PAYLOAD_KEY: Buffer.alloc(32).toString('base64') }),
  ).toThrow(/CLEARWAY_RISK_SELECTION_KEYS: is required in production/);
});

test('the dev default: one secret generated once into the data directory, a different key per country', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearway-keys-'));
  try {
    const config = loadConfig({ CLEARWAY_DATA_DIR: dir });
    const first = resolveRiskSelectionKeys(config);
    const again = resolveRiskSelectionKeys(config);
    expect(first('KZ')).toEqual(again('KZ'));
    expect(first('KZ')).not.toEqual(first('KG'));
    expect(fs.statSync(path.join(dir, 'risk-selection-key')).mode & 0o777).toBe(0o600);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
