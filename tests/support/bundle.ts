import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { REPO_ROOT } from '../../scripts/services';

/**
 * Builds the workflow bundle once per content: workers in every test file load the same file instead
 * of each running webpack. The key covers workflows/, contracts/ and domain/ (all the bundle can import).
 */
export async function ensureWorkflowBundle(): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const dir of ['workflows', 'contracts', 'domain']) {
    for (const file of listFiles(path.join(REPO_ROOT, dir))) hash.update(file).update(fs.readFileSync(file));
  }
  hash.update(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json')));
  const out = path.join(REPO_ROOT, '.data', 'test', `workflow-bundle-${hash.digest('hex').slice(0, 16)}.js`);
  if (!fs.existsSync(out)) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(REPO_ROOT, 'workflows', 'index.ts'),
      // As the worker bundles (apps/worker/worker.ts WORKFLOW_INTERCEPTORS): request ids to activities.
      workflowInterceptorModules: [path.join(REPO_ROOT, 'workflows', 'interceptors.ts')],
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out + '.tmp', code);
    fs.renameSync(out + '.tmp', out);
  }
  process.env.CLEARWAY_WORKFLOW_BUNDLE = out;
  return out;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith('.ts'))
    .sort();
}
