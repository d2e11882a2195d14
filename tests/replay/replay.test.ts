import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readHistoryFile, replayHistories } from '../../apps/shared/histories';
import { bundlePath } from '../support/temporal';

/**
 * Determinism gate: every committed history (tests/replay/histories, recorded by
 * `npm run histories:record` from the scenarios in tests/replay/record/*.record.ts) must replay with the
 * current workflow code. A change that alters what a workflow decides without `patched()` fails here.
 */
const DIR = path.join(__dirname, 'histories');
const files = fs.existsSync(DIR)
  ? fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // installed already
}

test('committed histories exist for every workflow type', () => {
  const types = new Set(
    files.map((f) => {
      const raw = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
      return raw.history.events[0].workflowExecutionStartedEventAttributes.workflowType.name as string;
    }),
  );
  const exported = Object.keys(require('../../workflows'));
  expect([...types].sort()).toEqual(exported.sort());
});

test('every committed history replays identically with the current workflow code', async () => {
  const report = await replayHistories(
    files.map((f) => readHistoryFile(path.join(DIR, f))),
    { workflowBundle: { codePath: bundlePath() }, replayName: 'committed-histories' },
  );
  expect(report.diverged).toEqual([]);
  expect(report.replayed).toBe(files.length);
  // Some 80 histories through one replay worker: over 60 s once on a 2-core host busy with other runs.
}, 600_000);
