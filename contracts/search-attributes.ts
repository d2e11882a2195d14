import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Typed search attributes every case workflow keeps current. The same list registers them with the
 * dev server (`--search-attribute Name=Type`, scripts/services.ts); docker-compose.yml registers the same
 * list on a real cluster.
 */
export const CaseKind = defineSearchAttributeKey('CaseKind', 'KEYWORD');
export const CaseState = defineSearchAttributeKey('CaseState', 'KEYWORD');
export const Channel = defineSearchAttributeKey('Channel', 'KEYWORD');
export const Office = defineSearchAttributeKey('Office', 'KEYWORD');
export const Country = defineSearchAttributeKey('Country', 'KEYWORD');
export const Stuck = defineSearchAttributeKey('Stuck', 'BOOL');
export const StuckSince = defineSearchAttributeKey('StuckSince', 'DATETIME');
/**
 * What an intelligence alert matches open declarations and transit movements on (docs/alerts.md):
 * normalised vehicle registrations, container numbers and trader TINs (domain/alert/subject.ts).
 * The PostgreSQL visibility store has 3 KeywordList slots per namespace: these take all three.
 */
export const Vehicles = defineSearchAttributeKey('Vehicles', 'KEYWORD_LIST');
export const Containers = defineSearchAttributeKey('Containers', 'KEYWORD_LIST');
export const Traders = defineSearchAttributeKey('Traders', 'KEYWORD_LIST');

/** Name -> Temporal CLI type, for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Bool' | 'Datetime' | 'KeywordList'> = {
  CaseKind: 'Keyword',
  CaseState: 'Keyword',
  Channel: 'Keyword',
  Office: 'Keyword',
  Country: 'Keyword',
  Stuck: 'Bool',
  StuckSince: 'Datetime',
  Vehicles: 'KeywordList',
  Containers: 'KeywordList',
  Traders: 'KeywordList',
};
