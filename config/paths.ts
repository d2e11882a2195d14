import fs from 'node:fs';
import path from 'node:path';

/** The repository root, from source (`config/`) or compiled (`dist/config/`) code alike. */
export const REPO_ROOT = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')].find((dir) =>
  fs.existsSync(path.join(dir, 'package.json')),
)!;

/** `../shared` beside the repository: contract examples and the HS reference data (read, never copied). */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
