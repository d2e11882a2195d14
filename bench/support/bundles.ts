import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { REPO_ROOT } from '../../config/paths';
import { WORKFLOWS_PATH } from '../../apps/worker/worker';

const DIST = path.join(REPO_ROOT, 'dist');
const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never;

/**
 * The Clearway workflow bundle (from dist/workflows), built once per content. BENCH_PRELOAD_MODULES
 * (comma list, an experiment knob of the benches only) builds it with the SDK's
 * `preloadModules`: those modules are evaluated once per reusable V8 context and shared (frozen) by
 * every workflow, instead of once per workflow.
 */
export async function clearwayBundle(): Promise<string> {
  const preload = (process.env.BENCH_PRELOAD_MODULES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const name = preload.length
    ? `clearway-preload-${crypto.createHash('sha256').update(preload.join(',')).digest('hex').slice(0, 8)}`
    : 'clearway';
  return cachedBundle(
    name,
    WORKFLOWS_PATH,
    [path.join(DIST, 'workflows'), path.join(DIST, 'contracts'), path.join(DIST, 'domain')],
    preload,
  );
}

export async function baselineBundle(): Promise<string> {
  const entry = require.resolve('./baseline-workflows');
  return cachedBundle('baseline', entry, [entry]);
}

async function cachedBundle(
  name: string,
  entry: string,
  inputs: string[],
  preloadModules: string[] = [],
): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const f of inputs.flatMap(listJs)) hash.update(f).update(fs.readFileSync(f));
  const out = path.join(
    REPO_ROOT,
    '.data',
    'bench',
    'bundles',
    `${name}-${hash.digest('hex').slice(0, 16)}.js`,
  );
  if (!fs.existsSync(out)) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: entry,
      logger: quietLogger,
      ...(preloadModules.length ? { preloadModules } : {}),
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out + '.tmp', code);
    fs.renameSync(out + '.tmp', out);
  }
  return out;
}

function listJs(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listJs(path.join(p, e.name)) : [path.join(p, e.name)]))
    .filter((f) => f.endsWith('.js'))
    .sort();
}
