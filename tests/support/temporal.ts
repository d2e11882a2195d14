import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { toolPath } from '../../scripts/services';
import { SEARCH_ATTRIBUTE_TYPES } from '../../contracts/search-attributes';

// Worker state changes at INFO drown the test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this test file's module registry
}

const INDEXED = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/**
 * The Java time-skipping test server installed by scripts/ensure.sh (Maven Central), with Clearway's
 * search attributes registered through its operator service, as on a real cluster.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTestServer();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTE_TYPES).map(([name, type]) => [name, INDEXED[type]]),
    ),
  });
  return env;
}

/**
 * The SDK gives the JVM 5 s to listen, not configurable; on a loaded 2-core machine (jest's workers
 * each starting one, a CI build beside them) it sometimes needs more, so a start that timed out is
 * tried again.
 */
async function startTestServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let i = 1; ; i++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
      });
    } catch (err) {
      if (i >= attempts || !/did not start within/.test((err as Error).message)) throw err;
    }
  }
}

export function bundlePath(): string {
  const p = process.env.CLEARWAY_WORKFLOW_BUNDLE;
  if (!p) throw new Error('CLEARWAY_WORKFLOW_BUNDLE is not set: the jest global setup builds the bundle');
  return p;
}

export const uniqueQueue = (name: string) =>
  `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Queries until `ready` holds. After a timer fires on the time-skipping server, the workflow task
 * that reacts to it may still be in flight when the next query arrives; waiting for the state is
 * what a user of the API does too. Not ready in time is a failure, showing the last value read: a
 * wait that quietly ran out let a test go on as if it had seen the state.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  ready: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ready(v)) return v;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms; last read: ${preview(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function preview(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
}

/** No activity and no workflow task in flight, and the history unchanged over a moment. */
export const quiet = async (h: WorkflowHandle): Promise<void> => {
  const idle = (d: Awaited<ReturnType<WorkflowHandle['describe']>>) =>
    (d.raw.pendingActivities?.length ?? 0) === 0 && !d.raw.pendingWorkflowTask;
  await eventually(
    async () => {
      const first = await h.describe();
      await new Promise((r) => setTimeout(r, 250));
      return [first, await h.describe()] as const;
    },
    ([a, b]) => a.status.name !== 'RUNNING' || (idle(a) && idle(b) && a.historyLength === b.historyLength),
  );
};

/**
 * The time-skipping server keeps time locked for an activity whose completion arrives after its
 * workflow was terminated or its attempt timed out: a later `env.sleep` of the same file then waits
 * for good (seen on a loaded host). So time is skipped, and workflows terminated, only when quiet.
 */
export const sleepIdle = async (
  env: { sleep(ms: number): Promise<void> },
  h: WorkflowHandle,
  ms: number,
): Promise<void> => {
  await quiet(h);
  await env.sleep(ms);
};

export const stopQuietly = async (...handles: WorkflowHandle[]): Promise<void> => {
  for (const h of handles) {
    await quiet(h);
    await h.terminate('test done');
  }
};

/** Sends an update the way the Java test server handles reliably; resolves to the result or rejects with the validator's error. */
export async function send<R>(handle: WorkflowHandle<any>, update: any, ...args: unknown[]): Promise<R> {
  const h = await handle.startUpdate(update, {
    args: args as [unknown],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  return (await h.result()) as R;
}

/** The rejection reason of an update, or 'accepted'. */
export async function rejection(
  handle: WorkflowHandle<any>,
  update: any,
  ...args: unknown[]
): Promise<string> {
  try {
    await send(handle, update, ...args);
    return 'accepted';
  } catch (err) {
    const e = err as { cause?: { message?: string }; message?: string };
    return e.cause?.message ?? e.message ?? String(err);
  }
}
