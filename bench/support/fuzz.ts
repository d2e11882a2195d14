/**
 * npm run test:fuzz
 *
 * API fuzzing with schemathesis (PyPI, installed into .tools/schemathesis by
 * scripts/install-schemathesis.sh) against /docs/openapi.json of a fresh embedded stack,
 * authenticated with minted tokens (one pass per role: clearance-system, officer, supervisor,
 * administrator). Checks: no 5xx (schemathesis `not_a_server_error`), and no case started from an
 * invalid payload: every case in the read model afterwards is re-validated with the declaration
 * schema and the reference checks. Prints the number of test cases schemathesis ran per pass.
 * Exit code 1 on any failure.
 *
 * Env: FUZZ_MAX_EXAMPLES=40 (per operation and pass)  FUZZ_SEED=1  FUZZ_ROLES=clearance-system,officer,supervisor,administrator
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mintToken, type Role } from '../../apps/api/auth/tokens';
import { fetchValidationRefs } from '../../activities/reference';
import { REPO_ROOT } from '../../config/paths';
import { DeclarationSchema } from '../../domain/schemas/declaration';
import { checkDeclarationReferences } from '../../domain/validation';
import { startBenchStack } from './stack';
import { machine } from './format';

const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '40';
const SEED = process.env.FUZZ_SEED ?? '1';
const ROLES = (process.env.FUZZ_ROLES ?? 'clearance-system,officer,supervisor,administrator').split(',') as Role[];
const BIN = path.join(REPO_ROOT, '.tools', 'schemathesis', 'bin', 'schemathesis');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function main() {
  console.log(machine());
  const stack = await startBenchStack({ name: 'fuzz', log: (l) => console.log(`[fuzz] ${l}`) });
  let failed = false;
  try {
    const passes: string[] = [];
    let total = 0;
    for (const role of ROLES) {
      const token = mintToken(stack.authSecret, { sub: `${role}@fuzz`, role, countries: ['KZ', 'KG', 'UZ', 'TJ', 'CN'] }, '1h');
      const args = [
        'run',
        `${stack.apiUrl}/docs/openapi.json`,
        '--url',
        stack.apiUrl,
        '-H',
        `Authorization: Bearer ${token}`,
        '--checks',
        'not_a_server_error',
        '--max-examples',
        MAX_EXAMPLES,
        '--seed',
        SEED,
        '--workers',
        '2',
        '--phases',
        'examples,coverage,fuzzing',
        '--suppress-health-check',
        'all',
        '--request-timeout',
        '30',
        '--no-color',
      ];
      console.log(`[fuzz] pass as ${role}: schemathesis ${args.filter((a) => !a.startsWith('Authorization')).join(' ')}`);
      const res = await run(BIN, args, { ...process.env, NO_COLOR: '1', SCHEMATHESIS_HOOKS: '' });
      // Summary lines only (a failure's reproduction can carry a 100 kB payload).
      const summary = res.out
        .split('\n')
        .filter((l) => /generated|Server error|Runtime Error|ST\d{3}|^\s*(GET|POST|PUT|DELETE|PATCH) \/|Received:|\[5\d\d\]/i.test(l))
        .map((l) => (l.length > 240 ? l.slice(0, 240) + '...' : l))
        .slice(0, 40)
        .join('\n');
      console.log(summary);
      const generated = Number(/(\d+)\s+generated/i.exec(res.out)?.[1] ?? NaN);
      const serverErrors = Number(/Server error:\s*(\d+)/i.exec(res.out)?.[1] ?? 0);
      const toolErrors = Number(/Runtime Error:\s*(\d+)/i.exec(res.out)?.[1] ?? 0);
      total += Number.isNaN(generated) ? 0 : generated;
      passes.push(`${role}: ${generated} test cases, ${serverErrors} with a 5xx, ${toolErrors} schemathesis runtime errors (exit ${res.code})`);
      // A 5xx fails the run; a schemathesis-internal runtime error (its own bug) is reported, not failed.
      if (serverErrors > 0 || Number.isNaN(generated)) failed = true;
    }
    // No case from an invalid payload: every declaration case re-validated as lodged.
    const refs = await fetchValidationRefs(stack.pool);
    const { rows } = await stack.pool.query<{ case_id: string; declaration: unknown }>(`SELECT case_id, view->'declaration' AS declaration FROM cases WHERE kind = 'declaration'`);
    let invalid = 0;
    for (const r of rows) {
      const parsed = DeclarationSchema.safeParse(r.declaration);
      const issues = parsed.success ? checkDeclarationReferences(parsed.data, refs) : parsed.error.issues;
      if (issues.length) {
        invalid += 1;
        console.log(`[fuzz] case ${r.case_id} started from an invalid payload: ${JSON.stringify(issues).slice(0, 300)}`);
      }
    }
    if (invalid) failed = true;
    console.log(`\n[fuzz] result: ${total} test cases in all (${passes.join('; ')}); cases started ${rows.length}, from an invalid payload ${invalid}; ${failed ? 'FAILED' : 'passed'}`);
    // What the API logged for its 500s (the filter logs unhandled errors): first line and the call site.
    const apiLog = fs.readFileSync(path.join(stack.dir, 'api.log'), 'utf8').split('\n');
    const seen = new Map<string, number>();
    apiLog.forEach((l, i) => {
      if (!l.includes('unhandled error')) return;
      const site = apiLog.slice(i + 1, i + 40).find((x) => /rpcMethod|apps\/api|body-parser|raw-body/.test(x))?.trim() ?? '';
      const key = `${l.trim().slice(0, 160)} | ${site.slice(0, 120)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    });
    for (const [k, n] of seen) console.log(`[fuzz] API 500 x${n}: ${k}`);
  } finally {
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
