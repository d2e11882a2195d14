import type { Command } from 'commander';
import { register as reference } from './reference';

/** Every CLI command module exports `register(program)`; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [reference];
