import type { ReplayScenario } from './types';

export type { ReplayScenario } from './types';

/** Every scenario recorded into tests/replay/histories (at least one per workflow type). */
export const scenarios: ReplayScenario[] = [];
