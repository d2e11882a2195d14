/**
 * npm run test:fuzz
 *
 * API fuzzing with schemathesis (PyPI, installed into .tools/schemathesis by
 * scripts/install-schemathesis.sh) against /docs/openapi.json of a fresh embedded stack,
 * authenticated with minted tokens (one pass per role: clearance-system, officer, supervisor,
 * administrator, partner, treasury). Checks: no 5xx (schemathesis `not_a_server_error`), and nothing started or
 * stored from a request the API did not accept (`auditStarts`): every request and response is kept in
 * a HAR report per pass, and afterwards
 * - every workflow in Temporal that no other workflow started must be the case of a 2xx answer to
 *   `POST /v1/declarations`, `/v1/transits` or `/v1/guarantees` (its MRN/GRN in the response body);
 * - the input each of those workflows was started with (decoded from its history) is validated again
 *   with the API's own schema (declarations also with the reference checks);
 * - risk-profile versions stored during the run must each match a 2xx `POST /v1/risk-profiles` and
 *   validate; webhook subscriptions stored must validate;
 * - partner messages stored in the exchange inbox must each come from a `POST /v1/exchange/messages`
 *   the API answered with its outcome (200 or 409), parse as the API parses them, and be applied or
 *   refused, never left half-applied.
 * Prints the number of test cases schemathesis ran per pass. Exit code 1 on any failure.
 *
 * Env: FUZZ_MAX_EXAMPLES=40 (per operation and pass)  FUZZ_SEED=1
 *      FUZZ_ROLES=clearance-system,officer,supervisor,administrator,partner,treasury,auditor  FUZZ_KEEP=1 (keep the stack's data and reports)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { mintToken, type Role } from '../../apps/api/auth/tokens';
import { REPO_ROOT, SHARED_DIR } from '../../config/paths';
import { guaranteeSettings, loadTransitConfig } from '../../config/transit';
import { loadConfig } from '../../config/env';
import { dataConverterFor } from '../../apps/shared/payload-codec';
import { startBenchStack } from './stack';
import { machine } from './format';
import { auditStarts, readHar, type HarEntry } from './fuzz-audit';

const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '40';
const SEED = process.env.FUZZ_SEED ?? '1';
const ROLES = (
  process.env.FUZZ_ROLES ?? 'clearance-system,officer,supervisor,administrator,partner,treasury,auditor'
).split(',') as Role[];
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
  const stack = await startBenchStack({
    name: 'fuzz',
    keepData: process.env.FUZZ_KEEP === '1',
    log: (l) => console.log(`[fuzz] ${l}`),
  });
  const startedAt = new Date();
  let failed = false;
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const passes: string[] = [];
    const entries: HarEntry[] = [];
    const byKind = new Map<string, number>();
    const errorsByKind = new Map<string, number>();
    let total = 0;
    for (const role of ROLES) {
      const har = path.join(stack.dir, `schemathesis-${role}.har`);
      const token = mintToken(
        stack.authSecret,
        { sub: `${role}@fuzz`, role, countries: ['KZ', 'KG', 'UZ', 'TJ', 'CN'] },
        '1h',
      );
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
        '--report',
        'har',
        '--report-har-path',
        har,
      ];
      console.log(
        `[fuzz] pass as ${role}: schemathesis ${args.filter((a) => !a.startsWith('Authorization')).join(' ')}`,
      );
      const res = await run(BIN, args, { ...process.env, NO_COLOR: '1', SCHEMATHESIS_HOOKS: '' });
      // Summary lines only (a failure's reproduction can carry a 100 kB payload).
      const summary = res.out
        .split('\n')
        .filter((l) =>
          /generated|Server error|Runtime Error|ST\d{3}|^\s*(GET|POST|PUT|DELETE|PATCH) \/|Received:|\[5\d\d\]/i.test(
            l,
          ),
        )
        .map((l) => (l.length > 240 ? l.slice(0, 240) + '...' : l))
        .slice(0, 40)
        .join('\n');
      console.log(summary);
      fs.writeFileSync(path.join(stack.dir, `schemathesis-${role}.out`), res.out);
      const generated = Number(/(\d+)\s+generated/i.exec(res.out)?.[1] ?? NaN);
      // schemathesis' SUMMARY: failures `  ❌ ST001 Server error: 3`, errors `  🚫 <title>: 2`.
      let serverErrors = 0;
      let toolErrors = 0;
      for (const m of res.out.matchAll(/^\s*❌\s+(\S+)\s+(.+?):\s*(\d+)\s*$/gm)) {
        const kind = `${m[1]} ${m[2]}`;
        byKind.set(kind, (byKind.get(kind) ?? 0) + Number(m[3]));
        if (/server error/i.test(m[2])) serverErrors += Number(m[3]);
      }
      for (const m of res.out.matchAll(/^\s*🚫\s+(.+?):\s*(\d+)\s*$/gm)) {
        errorsByKind.set(m[1], (errorsByKind.get(m[1]) ?? 0) + Number(m[2]));
        toolErrors += Number(m[2]);
      }
      const failures = [...res.out.matchAll(/^\s*❌\s+(\S+)\s+(.+?):\s*(\d+)\s*$/gm)].reduce(
        (a, m) => a + Number(m[3]),
        0,
      );
      total += Number.isNaN(generated) ? 0 : generated;
      const recorded = fs.existsSync(har) ? readHar(har) : [];
      if (!recorded.length) console.log(`[fuzz] no HAR report from the ${role} pass`);
      entries.push(...recorded);
      const fiveXX = recorded.filter((e) => e.status >= 500).length;
      passes.push(
        `${role}: ${generated} test cases, ${failures} failures (${serverErrors} server errors), ${toolErrors} errors, ${recorded.length} requests recorded of which ${fiveXX} answered 5xx (exit ${res.code})`,
      );
      // A 5xx fails the run (schemathesis' check or the recorded responses); an error of schemathesis
      // itself (e.g. it could not generate data for an operation) is reported, not failed.
      if (serverErrors > 0 || fiveXX > 0 || Number.isNaN(generated)) failed = true;
    }
    // Recorded responses by status, and every 5xx by route.
    const byStatus = new Map<number, number>();
    const fiveXXRoutes = new Map<string, number>();
    for (const e of entries) {
      byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
      if (e.status >= 500) {
        const template = e.path
          .split('/')
          .map((seg) => (/\d/.test(seg) && seg !== 'v1' ? '{id}' : seg))
          .join('/');
        const route = `${e.method} ${template} -> ${e.status}`;
        fiveXXRoutes.set(route, (fiveXXRoutes.get(route) ?? 0) + 1);
      }
    }
    console.log(
      `[fuzz] recorded responses by status: ${[...byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([st, n]) => `${st} ${n}`)
        .join(', ')}`,
    );
    for (const [r, n] of fiveXXRoutes) console.log(`[fuzz] 5xx x${n}: ${r}`);
    // Positive controls: valid creations through the API, so the audit below re-validates real
    // starts (schemathesis' generated bodies almost never pass the reference checks).
    const clearance = mintToken(
      stack.authSecret,
      {
        sub: 'clearance-system@fuzz-control',
        role: 'clearance-system',
        countries: ['KZ', 'KG', 'UZ', 'TJ', 'CN'],
      },
      '1h',
    );
    const example = (name: string) => fs.readFileSync(path.join(SHARED_DIR, 'examples', name), 'utf8');
    const controls: HarEntry[] = [];
    for (const [route, body] of [
      ['/v1/guarantees', example('guarantee.json')],
      ['/v1/transits', example('transit.json')],
      ['/v1/declarations', example('declaration-import.json')],
    ] as const) {
      const res = await fetch(`${stack.apiUrl}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clearance}`, 'content-type': 'application/json' },
        body,
      });
      controls.push({
        method: 'POST',
        path: route,
        status: res.status,
        requestBody: body,
        responseBody: await res.text(),
      });
    }
    console.log(`[fuzz] positive controls: ${controls.map((c) => `POST ${c.path} ${c.status}`).join(', ')}`);
    if (controls.some((c) => c.status !== 202)) failed = true;
    entries.push(...controls);
    // Self-check: a workflow started behind the API's back must be flagged by the audit.
    const client = new Client({ connection, dataConverter: dataConverterFor(loadConfig(stack.env)) });
    const rogue = {
      ...(JSON.parse(example('guarantee.json')) as Record<string, unknown>),
      grn: '26KZ00000000099990',
    };
    const rogueId = `guarantee/${String(rogue.grn)}`;
    await client.workflow.start('guaranteeWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: rogueId,
      args: [
        {
          registration: rogue,
          payloadHash: 'fuzz-self-check',
          registeredAt: new Date().toISOString(),
          registeredBy: 'fuzz-self-check',
          settings: guaranteeSettings(loadTransitConfig()),
        },
      ],
    });
    // ... and a partner message stored behind the API's back.
    const rogueMessage = 'FUZZ-SELF-CHECK-1';
    await stack.pool.query(
      `INSERT INTO inbox (message_id, source, case_id, type, payload, payload_hash) VALUES ($1, 'partner:fuzz-self-check', 'transit/x', 'IE118', '{}', 'x')`,
      [rogueMessage],
    );
    await new Promise((r) => setTimeout(r, 5000)); // projections of the controls settle

    // Nothing started or stored from a request the API did not accept.
    const audit = await auditStarts({
      client,
      pool: stack.pool,
      entries,
      since: startedAt,
      log: (l) => console.log(`[fuzz] ${l}`),
    });
    for (const rogue of [rogueId, rogueMessage]) {
      const flagged = audit.problems.some((p) => p.includes(rogue));
      audit.problems = audit.problems.filter((p) => !p.includes(rogue));
      console.log(
        `[fuzz] self-check: ${rogue} stored without the API ${flagged ? 'was flagged' : 'was NOT flagged: the audit is broken'}`,
      );
      if (!flagged) failed = true;
    }
    if (audit.problems.length) failed = true;
    const kinds = [...byKind].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    const errorKinds = [...errorsByKind].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    console.log(
      `\n[fuzz] result: ${total} test cases in all (${passes.join('; ')}); failures by kind: ${kinds}; schemathesis errors (its own, not API answers): ${errorKinds}`,
    );
    console.log(
      `[fuzz] requests recorded ${entries.length}; accepted creations ${audit.summary}; started from an invalid or unaccepted payload ${audit.problems.length}; ${failed ? 'FAILED' : 'passed'}`,
    );
    // What the API logged for its 500s (the filter logs unhandled errors): first line and the call site.
    const apiLog = fs.readFileSync(path.join(stack.dir, 'api.log'), 'utf8').split('\n');
    const seen = new Map<string, number>();
    apiLog.forEach((l, i) => {
      if (!l.includes('unhandled error')) return;
      const site =
        apiLog
          .slice(i + 1, i + 40)
          .find((x) => /rpcMethod|apps\/api|body-parser|raw-body/.test(x))
          ?.trim() ?? '';
      const key = `${l.trim().slice(0, 160)} | ${site.slice(0, 120)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    });
    for (const [k, n] of seen) console.log(`[fuzz] API 500 x${n}: ${k}`);
  } finally {
    await connection.close();
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
