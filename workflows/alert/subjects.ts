import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { Containers, Traders, Vehicles } from '../../contracts/search-attributes';
import type { CaseSubjects } from '../../domain/alert/subject';

/**
 * The search attributes an intelligence alert finds an open case by (docs/alerts.md): declarations
 * and transit movements upsert them behind their own patch. Empty lists are left out.
 */
export function subjectAttributes(s: CaseSubjects): SearchAttributeUpdatePair[] {
  return [
    ...(s.vehicles.length ? [{ key: Vehicles, value: s.vehicles }] : []),
    ...(s.containers.length ? [{ key: Containers, value: s.containers }] : []),
    ...(s.traders.length ? [{ key: Traders, value: s.traders }] : []),
  ];
}
