import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/services';

/** The shared contract examples, read where they live (never copied into the repo). */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');

export function example<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(SHARED, 'examples', name), 'utf8')) as T;
}
