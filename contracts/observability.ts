/**
 * The Temporal header that carries an API request's id from the client to the workflow and on to
 * its activities (docs/operations.md, "Logs"). Pure; workflow-safe.
 */
export const REQUEST_ID_HEADER = 'clearway-request-id';
