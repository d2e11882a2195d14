// The workflow bundle entry: every workflow function, and nothing with I/O.
export { declarationWorkflow } from './declaration';
export { guaranteeWorkflow } from './guarantee';
export { transitWorkflow } from './transit';
