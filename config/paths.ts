import fs from 'node:fs';
import path from 'node:path';

/** The repository root, from source (`config/`) or compiled (`dist/config/`) code alike. */
export const REPO_ROOT = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')].find((dir) =>
  fs.existsSync(path.join(dir, 'package.json')),
)!;

/** `../shared` beside the repository: contract examples and the HS reference data (read, never copied). */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');

/**
 * The NCTS phase 5 XSD set (51.8.6) the XML door validates against: `CLEARWAY_NCTS_XSD_DIR`, else the
 * reference kit beside the repository (`../shared/reference/ncts/xsd`, read in place, never copied).
 */
export const nctsXsdDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.CLEARWAY_NCTS_XSD_DIR ?? path.join(SHARED_DIR, 'reference', 'ncts', 'xsd');
