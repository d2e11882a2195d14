import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { decodeHistoryPayloads, fileNameFor, historyAsJson } from '../../shared/histories';
import { historiesOf } from '../archive';
import { loadConfig } from '../../../config/env';
import { dataConverterFor } from '../../shared/payload-codec';
import { progressBar } from '../progress';
import { withTemporalClient } from '../temporal';

/** `clearway history export <id>... --out DIR`: full event histories as JSON files, for audit. */
export function register(program: Command) {
  const history = program.command('history').description('audit histories of cases');
  history
    .command('export')
    .description('write the full Temporal event history of each case to DIR/<id>.json')
    .argument('<ids...>', 'case ids, e.g. declaration/26KZ... transit/26CN...')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (ids: string[], opts: { out: string }) => {
      fs.mkdirSync(opts.out, { recursive: true });
      const codecs = dataConverterFor(loadConfig()).payloadCodecs ?? [];
      await withTemporalClient(async (client) => {
        const bar = progressBar(ids.length, 'exporting');
        let events = 0;
        for (const id of ids) {
          // The current run from Temporal; every run from the archive once Temporal purged the case.
          const runs = await historiesOf(client, id);
          const decoded = [];
          for (const { history } of runs) {
            await decodeHistoryPayloads(history, codecs);
            events += history.events?.length ?? 0;
            decoded.push(historyAsJson(history));
          }
          const file = path.join(opts.out, fileNameFor(id));
          const body = {
            workflowId: id,
            history: decoded[decoded.length - 1],
            ...(decoded.length > 1 ? { runs: decoded } : {}),
          };
          fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
          bar.tick();
        }
        bar.done();
        console.log(
          `exported ${ids.length} histor${ids.length === 1 ? 'y' : 'ies'} (${events} events) to ${path.resolve(opts.out)}`,
        );
      });
    });
}
