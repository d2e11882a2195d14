import { setHandler } from '@temporalio/workflow';
import { alertView, recordAlertMatch, recordAlertResult } from '../../contracts/alert';
import {
  applyRecordMatch,
  applyRecordResult,
  recordMatchRefusal,
  recordResultRefusal,
} from '../../domain/alert/commands';
import { commandWiring } from '../shell/commands';
import { commit, type Run } from './run';

/**
 * The query and the two updates: a lodgement that matched, and a match's control result. Each
 * update's validator is its pure refusal and its handler its pure apply (domain/alert).
 */
export function installHandlers(r: Run): void {
  const { apply, check } = commandWiring(r, (next) => commit(r, next));
  setHandler(alertView, () => r.c.view);
  setHandler(recordAlertMatch, apply(applyRecordMatch), check(recordMatchRefusal));
  setHandler(recordAlertResult, apply(applyRecordResult), check(recordResultRefusal));
}
