import { ensureWorkflowBundle } from './bundle';

export default async function bundleSetup() {
  await ensureWorkflowBundle();
}
