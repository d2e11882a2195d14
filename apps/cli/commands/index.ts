import type { Command } from 'commander';
import { register as history } from './history';
import { register as migrate } from './migrate';
import { register as reference } from './reference';
import { register as simulate } from './simulate';
import { register as replay } from './replay';
import { register as start } from './start';
import { register as token } from './token';

/** Every CLI command module exports `register(program)`; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [start, token, migrate, reference, history, replay, simulate];
