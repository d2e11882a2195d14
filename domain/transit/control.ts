import type { TransitDeclaration } from '../schemas/transit';

/**
 * Control decision at departure (IE060) until the risk engine scores transit movements. The rule:
 * - goods that are not identified by seals (no seal, no container) are examined: RED;
 * - otherwise the movement is released without examination: GREEN.
 * Every decision carries its reasons.
 */
export interface ControlDecision {
  channel: 'GREEN' | 'RED';
  reasons: string[];
}

export function controlDecision(t: Pick<TransitDeclaration, 'transport'>): ControlDecision {
  const seals = t.transport.seals ?? [];
  const containers = t.transport.containers ?? [];
  if (seals.length === 0 && containers.length === 0) {
    return {
      channel: 'RED',
      reasons: ['goods are not identified by seals or containers: examination and sealing at departure'],
    };
  }
  return {
    channel: 'GREEN',
    reasons: [
      `identified by ${seals.length} seal(s)${containers.length ? ` and ${containers.length} container(s)` : ''}: released without examination`,
    ],
  };
}
