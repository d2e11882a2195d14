import type { Headers } from '@temporalio/common';
import type { WorkflowInterceptors } from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from '../contracts/observability';

/**
 * Not a workflow: the interceptors every workflow of the bundle runs with (the bundle is built with
 * this module in `workflowInterceptorModules`). They hand the API request id (a header the client
 * set, contracts/observability.ts) on from what reached the workflow to the activities and child
 * workflows it schedules, so an activity's log lines name the request that caused them. The last
 * start, signal or update that carried one wins: the step it caused runs next. Headers change no
 * command a replay compares, so this needs no patch.
 */
export const interceptors = (): WorkflowInterceptors => {
  let requestId: Headers[string] | undefined;
  const take = (headers: Headers) => {
    if (headers[REQUEST_ID_HEADER]) requestId = headers[REQUEST_ID_HEADER];
  };
  const give = <I extends { headers: Headers }>(input: I): I =>
    requestId ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: requestId } } : input;
  return {
    inbound: [
      {
        execute(input, next) {
          take(input.headers);
          return next(input);
        },
        handleSignal(input, next) {
          take(input.headers);
          return next(input);
        },
        handleUpdate(input, next) {
          take(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(give(input)),
        scheduleLocalActivity: (input, next) => next(give(input)),
        startChildWorkflowExecution: (input, next) => next(give(input)),
        continueAsNew: (input, next) => next(give(input)),
      },
    ],
  };
};
