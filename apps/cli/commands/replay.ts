import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadWorkflowBundle } from '../../worker/worker';
import {
  readHistoryFile,
  replayHistories,
  workflowIdsForQuery,
  type HistoryRecord,
  type ReplayReport,
} from '../../shared/histories';
import { archivedCaseIds, archivedRunsOf, historiesOf } from '../archive';
import { progressBar } from '../progress';
import { loadConfig } from '../../../config/env';
import { dataConverterFor } from '../../shared/payload-codec';
import { withTemporalClient } from '../temporal';

interface ReplayOptions {
  query?: string;
  files?: string[];
  archived?: boolean;
  json?: boolean;
}

/**
 * `clearway replay`: replays histories (by workflow id, by visibility query, or from files and folders
 * of exported histories) with the current workflow code, and reports which diverge and where.
 */
export function register(program: Command) {
  program
    .command('replay')
    .description('replay case histories with the current workflow code; exit 1 if any diverges')
    .argument('[ids...]', 'case ids to fetch from Temporal')
    .option('--query <q>', 'visibility query, e.g. "CaseKind = \'declaration\'"')
    .option('--files <paths...>', 'history JSON files or folders of them')
    .option('--archived', 'every case in the archive (closed cases, kept past Temporal retention)')
    .option('--json', 'print the report as JSON')
    .action(async (ids: string[], opts: ReplayOptions) => {
      if (!ids.length && !opts.query && !opts.files?.length && !opts.archived)
        throw new Error('give case ids, --query, --files or --archived');
      Runtime.install({ logger: new DefaultLogger('ERROR') });
      const files = expandFiles(opts.files ?? []).map(readHistoryFile);
      const records: HistoryRecord[] = [];
      if (ids.length || opts.query || opts.archived) {
        await withTemporalClient(async (client) => {
          const all = [...ids];
          if (opts.query) for await (const id of workflowIdsForQuery(client, opts.query)) all.push(id);
          const archived = opts.archived ? await archivedCaseIds() : [];
          const bar = progressBar(all.length + archived.length, 'fetching');
          for (const id of all) {
            records.push(...(await historiesOf(client, id)));
            bar.tick();
          }
          for (const id of archived) {
            records.push(...(await archivedRunsOf(id)));
            bar.tick();
          }
          bar.done();
        });
      }
      const bar = progressBar(files.length + records.length, 'replaying');
      const options = { workflowBundle: await loadWorkflowBundle(), replayName: 'clearway-replay' };
      // Files hold plain payloads (an export is decoded, a committed fixture recorded without the
      // codec), which the codec refuses: they replay without it; fetched histories through it.
      const plain = await replayHistories(files, options, () => bar.tick());
      const live = await replayHistories(
        records,
        { ...options, dataConverter: dataConverterFor(loadConfig()) },
        () => bar.tick(),
      );
      bar.done();
      const report: ReplayReport = {
        replayed: plain.replayed + live.replayed,
        identical: plain.identical + live.identical,
        diverged: [...plain.diverged, ...live.diverged],
      };
      print(report, opts.json ?? false);
      if (report.diverged.length) process.exitCode = 1;
    });
}

function expandFiles(paths: string[]): string[] {
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => path.join(p, f))
      : [p],
  );
}

function print(report: ReplayReport, json: boolean) {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(
    `replayed ${report.replayed}, identical ${report.identical}, diverged ${report.diverged.length}`,
  );
  for (const d of report.diverged) {
    console.log(
      `  DIVERGED ${d.workflowId}${d.firstDivergingEvent ? ` at event ${d.firstDivergingEvent}` : ''}: ${d.error}`,
    );
  }
}
