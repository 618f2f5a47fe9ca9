import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared research folder (real flow exports, Okta's scope lists): beside the project on the team's machines and in CI. */
export const SHARED_DIR = resolve(__dirname, '..', '..', '..', 'shared');

/**
 * Whether `shared/<rel>` exists, for a suite that needs it. Elsewhere (a contributor's clone) the suite
 * is skipped with a warning; in CI (`CI=true`) a missing folder throws, failing the suite: CI must run it.
 */
export function sharedPresent(rel: string, what: string): boolean {
  const file = join(SHARED_DIR, rel);
  if (existsSync(file)) return true;
  if (process.env.CI === 'true') throw new Error(`${what}: ${file} not found; in CI the shared folder must be checked out beside the project, not skipped`);
  // eslint-disable-next-line no-console -- a skipped suite says so
  console.warn(`${what} skipped: ${file} not found`);
  return false;
}
