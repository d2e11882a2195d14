import { Command } from 'commander';
import { commands } from './commands';

/** `clearway`: one command per file under ./commands, each registering itself on the program. */
export function buildProgram(): Command {
  const program = new Command('clearway')
    .description('Clearway customs clearance engine')
    .showHelpAfterError();
  for (const register of commands) register(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    });
}
