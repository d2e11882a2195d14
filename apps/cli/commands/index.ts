import type { Command } from 'commander';

/** Every CLI command module exports `register(program)`; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
