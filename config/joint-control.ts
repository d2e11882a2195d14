import type { JointControlSettings } from '../contracts/joint-control';
import { durationMs } from './env';

/**
 * Joint control time settings: the SLA of each waiting state at the joint post (booking, inspection,
 * the entry side's word, a re-inspection), `CLEARWAY_JOINT_CONTROL_SLA` as a duration (default 4h: a
 * truck at a border post is a matter of hours). The API resolves it into the workflow's input.
 */
export function jointControlSettings(env: NodeJS.ProcessEnv = process.env): JointControlSettings {
  return { slaMs: durationMs(env.CLEARWAY_JOINT_CONTROL_SLA ?? '4h') };
}
