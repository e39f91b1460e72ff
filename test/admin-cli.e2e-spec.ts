import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const admin = resolve(__dirname, '../scripts/admin.sh');

/** `npm run admin` as an operator runs it beside `npm start`: the seal key comes from the local state. */
describe('npm run admin', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'selgeo-admin-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, SELGEO_STATE_DIR: stateDir };
    delete e.WEBHOOK_SECRETS_KEY;
    return e;
  };

  it('without a seal key anywhere, says to run npm start first (and starts nothing)', async () => {
    const failed = await run('bash', [admin, 'workspace', 'list'], { env: env() }).catch((err: { code: number; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /no WEBHOOK_SECRETS_KEY: run npm start once \(it makes one in .*\), or set the key your deployment uses/,
    );
  });

  it('takes the key npm start made from the local state', async () => {
    writeFileSync(join(stateDir, 'webhook-secrets-key'), 'not base64 of 32 bytes\n');
    // A key of the wrong size is refused by the CLI's own configuration check: proof the file was read.
    const failed = await run('bash', [admin, 'workspace', 'list'], { env: { ...env(), DATABASE_URL: 'postgres://127.0.0.1:1/none' } }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect((failed as { stderr: string }).stderr).toMatch(/WEBHOOK_SECRETS_KEY/);
    expect((failed as { stderr: string }).stderr).not.toMatch(/run npm start once/);
  }, 120_000);
});
