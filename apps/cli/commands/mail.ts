import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { readSinkMail } from '../../../scripts/smtp-sink';

/** What the dev stack's SMTP sink received (`<data dir>/mail`), newest last. */
export function register(program: Command) {
  program
    .command('mail')
    .description("list the mail the dev stack's SMTP sink received (offices' and supervisors' notices)")
    .option('--to <address>', 'only mail to this address')
    .option('--last <n>', 'only the last n', '20')
    .option('--text', 'print each body too')
    .action((opts: { to?: string; last: string; text?: boolean }) => {
      const dir = path.join(loadConfig().dataDir, 'mail');
      const mail = readSinkMail(dir)
        .filter((m) => !opts.to || m.to.includes(opts.to))
        .slice(-Math.max(1, Number(opts.last) || 20));
      if (!mail.length) console.log(`no mail in ${dir}`);
      for (const m of mail) {
        console.log(`${m.receivedAt}  ${m.to.join(', ')}  ${m.subject}  (${m.file})`);
        if (opts.text) console.log(`${m.text.replace(/^/gm, '    ')}\n`);
      }
    });
}
