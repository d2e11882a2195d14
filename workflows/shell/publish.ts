import type { OutboxMessage } from '../../contracts/projection';
import { caseActivities } from './proxies';
import type { CaseShell, ShellCase } from './case';

/** A case value carrying its view and the messages its last changes made. */
export interface PublishingCase<V extends ShellCase> {
  view: V;
  outbox: OutboxMessage[];
}

/**
 * The processes whose pure applies return the messages their changes made (audit, alert, joint
 * control): a run holds the live case value `c` with its view and outbox, its shell, and how much of
 * the timeline the last read-model write covered.
 */
export interface PublishingRun<C extends PublishingCase<V>, V extends ShellCase> {
  c: C;
  shell: CaseShell<V>;
  published: number;
}

/**
 * Search attributes, then the read model and the messages the last changes made, in one transaction.
 * The messages leave the case value before the write: a handler may change the case while the write
 * is under way, and `unpublished` then holds. `commit` takes the value without them as the live one.
 */
export async function publishRun<C extends PublishingCase<V>, V extends ShellCase>(
  r: PublishingRun<C, V>,
  commit: (next: C) => void,
): Promise<void> {
  const messages = r.c.outbox;
  if (messages.length) commit({ ...r.c, outbox: [] });
  r.shell.upsertAttributes();
  r.published = r.c.view.timeline.length;
  await caseActivities.publishCase(r.shell.projection(), messages);
}

export const unpublished = <C extends PublishingCase<V>, V extends ShellCase>(
  r: PublishingRun<C, V>,
): boolean => r.c.view.timeline.length !== r.published || r.c.outbox.length > 0;
