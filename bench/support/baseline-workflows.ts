import { proxyActivities } from '@temporalio/workflow';

/**
 * The baseline of bench:e2e: a workflow with one trivial activity, bundled on its own (never part of
 * workflows/index.ts). Its throughput on the same server is the ceiling Clearway is compared with.
 */
const { echo } = proxyActivities<{ echo(x: string): Promise<string> }>({ startToCloseTimeout: '30s' });

export async function baselineWorkflow(x: string): Promise<string> {
  return echo(x);
}
