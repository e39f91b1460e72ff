import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** `shared/` sits beside the repository (in a work tree and in CI's clean clone alike). */
export function sharedDir(): string {
  const dir = process.env.SELGEO_SHARED_DIR ?? resolve(__dirname, '../../../shared');
  if (!existsSync(resolve(dir, 'fixtures/stripe'))) {
    throw new Error(`Stripe fixtures not found under ${dir}/fixtures/stripe; set SELGEO_SHARED_DIR to the shared/ folder`);
  }
  return dir;
}

export const REPO_ROOT = resolve(__dirname, '../..');
