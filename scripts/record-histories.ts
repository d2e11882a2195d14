import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { fetchHistory, fileNameFor, historyAsJson } from '../apps/shared/histories';
import { loadWorkflowBundle } from '../apps/worker/worker';
import { REPO_ROOT } from '../config/paths';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes';
import { scenarios } from './replay-scenarios';
import { toolPath } from './services';

/**
 * `npm run histories:record`: runs every replay scenario on the time-skipping test server and writes
 * its history to tests/replay/histories/, which `npm test` replays with the current code. Record anew
 * only for a new workflow or a new scenario: rewriting a committed history hides the very
 * incompatibility the replay test is there to catch. Select scenarios with their names as arguments.
 */
const OUT = path.join(REPO_ROOT, 'tests', 'replay', 'histories');
const INDEXED = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

async function main() {
  const only = process.argv.slice(2);
  const selected = scenarios.filter((s) => !only.length || only.includes(s.name));
  if (!selected.length) throw new Error(`no scenario named ${only.join(', ')}; have: ${scenarios.map((s) => s.name).join(', ')}`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
  });
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTE_TYPES).map(([n, t]) => [n, INDEXED[t]])),
    });
    const workflowBundle = await loadWorkflowBundle();
    fs.mkdirSync(OUT, { recursive: true });
    for (const scenario of selected) {
      const taskQueue = `record-${scenario.name}`;
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: scenario.activities });
      const workflowId = await worker.runUntil(scenario.run({ env, client: env.client, taskQueue }));
      const { history } = await fetchHistory(env.client, workflowId);
      const file = path.join(OUT, fileNameFor(`${scenario.name}`));
      fs.writeFileSync(file, JSON.stringify({ workflowId, scenario: scenario.name, history: historyAsJson(history) }, null, 1) + '\n');
      console.log(`recorded ${scenario.name}: ${history.events?.length ?? 0} events -> ${path.relative(REPO_ROOT, file)}`);
    }
  } finally {
    await env.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
