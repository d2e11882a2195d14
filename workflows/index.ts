// The workflow bundle entry: every workflow function, and nothing with I/O.
export { arrivalRecordWorkflow } from './arrival';
export { declarationWorkflow } from './declaration';
export { guaranteeWorkflow } from './guarantee';
export { transitWorkflow } from './transit';
export { auditWorkflow } from './audit';
export { alertWorkflow } from './alert';
export { jointControlWorkflow } from './joint-control';
