import { nowIso, refuse } from './case';

/**
 * How a process wires its commands to Temporal handlers: `check` makes a pure refusal the update's
 * validator (a refusal rejects the update before anything reaches history); `apply` commits a pure
 * apply's result at workflow time and answers the view. Handlers built so never await.
 */
export function commandWiring<S extends { view: unknown }>(r: { c: S }, commit: (next: S) => void) {
  return {
    apply:
      <C>(fn: (c: S, cmd: C, at: string) => S) =>
      (cmd: C): S['view'] => {
        commit(fn(r.c, cmd, nowIso()));
        return r.c.view;
      },
    check: <C>(fn: (c: S, cmd: C) => string | undefined) => ({
      validator: (cmd: C) => refuse(fn(r.c, cmd)),
    }),
  };
}
