import type { Command } from 'commander';
import { register as exchange } from './exchange';
import { register as history } from './history';
import { register as mail } from './mail';
import { register as migrate } from './migrate';
import { register as reference } from './reference';
import { register as simulate } from './simulate';
import { register as replay } from './replay';
import { register as start } from './start';
import { register as temporalSetup } from './temporal-setup';
import { register as token } from './token';
import { register as worker } from './worker';

/** Every CLI command module exports `register(program)`; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  start,
  worker,
  temporalSetup,
  token,
  migrate,
  reference,
  history,
  replay,
  simulate,
  exchange,
  mail,
];
