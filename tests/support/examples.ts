import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/services';

/** The shared contract examples, read where they live (never copied into the repo). */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');

// `any`: tests take the example apart and mutate it; the schemas under test do the typing.
export function example(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(SHARED, 'examples', name), 'utf8'));
}
