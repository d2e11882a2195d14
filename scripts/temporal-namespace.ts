import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_TYPES } from '../contracts/search-attributes';

const INDEXED = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

const GRPC_ALREADY_EXISTS = 6;
const RETENTION_MS = 30 * 86_400_000;

/**
 * Registers the namespace and Clearway's search attributes, idempotently. A new namespace is not
 * found for a few seconds (each service refreshes its namespace registry every 2 s), so the search
 * attributes are retried until they are listed; after a change the other services get one more
 * refresh interval before workers poll.
 */
export async function ensureNamespace(
  address: string,
  namespace: string,
  log: (line: string) => void = () => undefined,
  opts: { timeoutMs?: number; tls?: ConnectionOptions['tls'] } = {},
) {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  const connection = await retry(deadline, () =>
    Connection.connect({ address, tls: opts.tls, connectTimeout: 5_000 }),
  );
  try {
    let changed = false;
    await retry(deadline, async () => {
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(RETENTION_MS),
        });
        log(`namespace ${namespace} created`);
        changed = true;
      } catch (err) {
        if ((err as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw err;
      }
    });
    await retry(deadline, async () => {
      const listed = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.entries(SEARCH_ATTRIBUTE_TYPES).filter(
        ([name]) => !(name in (listed.customAttributes ?? {})),
      );
      if (!missing.length) return;
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED[type]])),
      });
      log(`search attributes registered: ${missing.map(([n]) => n).join(', ')}`);
      changed = true;
      throw new Error('registered; listing again');
    });
    if (changed) await new Promise((r) => setTimeout(r, 3_000));
  } finally {
    await connection.close();
  }
}

async function retry<T>(deadline: number, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
