import { randomBytes } from 'node:crypto';
import { runAdminCommand } from '../apps/tracking/src/admin/admin-cli';
import { eventually, http } from './support/http';
import { TestSystem } from './support/system';

type Service = 'tracking' | 'webhook-ingest' | 'attribution';

/** Issue 16: an operator manages workspaces and keys; rolls and revocations reach every service; each change is audited. */
describe('operating workspaces and keys', () => {
  const operatorToken = randomBytes(32).toString('hex');
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { ADMIN_API_TOKEN: operatorToken } });
  });
  afterAll(async () => system?.stop());

  const admin = (method: string, path: string, json?: unknown, token = operatorToken) =>
    http(method, `${system.urls.tracking}/v1/admin/workspaces${path}`, { json, headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** Whether each service lets the secret key through its guard (a 401 is a refusal; anything else got past it). */
  async function acceptedBy(key: string): Promise<Record<Service, boolean>> {
    const [tracking, ingest, attribution] = await Promise.all([
      http('GET', `${system.urls.tracking}/v1/partners`, { key }),
      http('POST', `${system.urls.ingest}/api/v1/conversions`, { key, json: {} }),
      http('GET', `${system.urls.attribution}/v1/conversions`, { key }),
    ]);
    return { tracking: tracking.status !== 401, 'webhook-ingest': ingest.status !== 401, attribution: attribution.status !== 401 };
  }
  const everywhere = { tracking: true, 'webhook-ingest': true, attribution: true };
  const nowhere = { tracking: false, 'webhook-ingest': false, attribution: false };

  async function newWorkspace(name: string): Promise<{ id: string; keys: Record<string, string> }> {
    const r = await admin('POST', '', { name });
    expect(r.status).toBe(201);
    return r.body;
  }

  async function keyIdOf(workspaceId: string, kind: string, mode: string, status = 'active'): Promise<string> {
    const list = await admin('GET', `/${workspaceId}/api-keys`);
    return list.body.data.find((k: { kind: string; mode: string; status: string }) => k.kind === kind && k.mode === mode && k.status === status).id;
  }

  describe('the admin API', () => {
    it('refuses requests without the operator credential or with a wrong one, in the one error shape', async () => {
      const missing = await admin('GET', '', undefined, '');
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/Missing operator credential/) });
      const wrong = await admin('GET', '', undefined, randomBytes(32).toString('hex'));
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid operator credential' });
      // A workspace's secret key is no operator credential.
      expect((await admin('GET', '', undefined, system.keys.sk_live)).status).toBe(401);
      expect((await admin('POST', '', { name: 'Nope' }, 'x')).status).toBe(401);
      expect((await admin('GET', '')).status).toBe(200);
    });

    it('creates (showing the keys once), lists and renames workspaces', async () => {
      const created = await newWorkspace('Acme');
      expect(created).toMatchObject({ id: expect.stringMatching(/^ws_[0-9a-f]{16}$/), object: 'workspace', name: 'Acme' });
      expect(Object.keys(created.keys).sort()).toEqual(['pk_live', 'pk_test', 'sk_live', 'sk_test']);
      expect(await acceptedBy(created.keys.sk_test)).toEqual(everywhere);

      const renamed = await admin('PATCH', `/${created.id}`, { name: 'Acme Ltd' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: created.id, name: 'Acme Ltd' });
      const list = await admin('GET', '');
      expect(list.body.data).toContainEqual(expect.objectContaining({ id: created.id, name: 'Acme Ltd' }));
      expect((await admin('PATCH', '/ws_nobody', { name: 'X' })).status).toBe(404);
      expect((await admin('POST', '', { name: '' })).status).toBe(400);

      // Listed keys show their prefix and last characters; publishable keys (public by design) also themselves, secret keys never.
      const keys = await admin('GET', `/${created.id}/api-keys`);
      expect(keys.body.data).toHaveLength(4);
      for (const key of keys.body.data) expect(key.hint).toMatch(/^(pk|sk)_(test|live)_…[A-Za-z0-9]{4}$/);
      const shown = JSON.stringify(keys.body);
      for (const key of Object.values(created.keys)) {
        if (key.startsWith('sk_')) expect(shown).not.toContain(key);
        expect(shown).toContain(key.slice(-4));
      }
      for (const mode of ['test', 'live'] as const) {
        expect(keys.body.data).toContainEqual(expect.objectContaining({ kind: 'publishable', mode, key: created.keys[`pk_${mode}`] }));
      }
    });

    it('creates another key', async () => {
      const ws = await newWorkspace('More keys');
      const r = await admin('POST', `/${ws.id}/api-keys`, { kind: 'secret', mode: 'live' });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ object: 'api_key', kind: 'secret', mode: 'live', status: 'active', key: expect.stringMatching(/^sk_live_/) });
      expect(await acceptedBy(r.body.key)).toEqual(everywhere);
      expect((await admin('GET', `/${ws.id}/api-keys`)).body.data).toHaveLength(5);
    });
  });

  it('rolls a key: the old one works in every service for its grace period, then stops in every service', async () => {
    const ws = await newWorkspace('Rolling');
    const old = ws.keys.sk_test;
    // Every service has the old key cached before the roll.
    expect(await acceptedBy(old)).toEqual(everywhere);
    const graceSeconds = 3;
    const rolled = await admin('POST', `/${ws.id}/api-keys/${await keyIdOf(ws.id, 'secret', 'test')}/roll`, { grace_seconds: graceSeconds });
    expect(rolled.status).toBe(200);
    const expiresAt = Date.parse(rolled.body.rolled.expires_at);
    expect(rolled.body.rolled.status).toBe('expiring');
    expect(expiresAt).toBeGreaterThan(Date.now() + 1000);
    const replacement = rolled.body.key.key as string;
    expect(replacement).toMatch(/^sk_test_/);

    expect(await acceptedBy(old)).toEqual(everywhere);
    expect(await acceptedBy(replacement)).toEqual(everywhere);

    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 50));
    expect(await acceptedBy(old)).toEqual(nowhere);
    expect(await acceptedBy(replacement)).toEqual(everywhere);
    const keys = (await admin('GET', `/${ws.id}/api-keys`)).body.data;
    expect(keys.filter((k: { status: string }) => k.status === 'expired')).toHaveLength(1);
    // A rolled key cannot be rolled again; the default grace is a day.
    const again = await admin('POST', `/${ws.id}/api-keys/${rolled.body.rolled.id}/roll`, {});
    expect(again.status).toBe(409);
    const byDefault = await admin('POST', `/${ws.id}/api-keys/${rolled.body.key.id}/roll`, {});
    expect(Date.parse(byDefault.body.rolled.expires_at) - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
  });

  it('revokes a key: every service refuses it within seconds, though each had it cached', async () => {
    const ws = await newWorkspace('Revoking');
    const key = ws.keys.sk_live;
    expect(await acceptedBy(key)).toEqual(everywhere);
    expect(await acceptedBy(key)).toEqual(everywhere);

    const started = Date.now();
    const revoked = await admin('POST', `/${ws.id}/api-keys/${await keyIdOf(ws.id, 'secret', 'live')}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const refusedAfter: Partial<Record<Service, number>> = {};
    await eventually(
      async () => {
        const accepted = await acceptedBy(key);
        for (const service of Object.keys(accepted) as Service[]) if (!accepted[service]) refusedAfter[service] ??= Date.now() - started;
        return Object.keys(refusedAfter).length === 3 ? true : undefined;
      },
      'every service to refuse the revoked key',
      10_000,
    );
    process.stdout.write(`revocation refused after (ms): ${JSON.stringify(refusedAfter)}\n`);
    for (const ms of Object.values(refusedAfter)) expect(ms).toBeLessThan(3000);
    expect(await acceptedBy(ws.keys.sk_test)).toEqual(everywhere);
    expect((await admin('POST', `/${ws.id}/api-keys/${revoked.body.id}/revoke`)).status).toBe(409);
  });

  it('records every change (who, when, what) in an audit log each workspace reads, and only its own', async () => {
    const before = Date.now() - 1000;
    const a = await newWorkspace('Audited A');
    const b = await newWorkspace('Audited B');
    await admin('PATCH', `/${a.id}`, { name: 'Audited A2' });
    const created = await admin('POST', `/${a.id}/api-keys`, { kind: 'publishable', mode: 'test' });
    await admin('POST', `/${a.id}/api-keys/${created.body.id}/roll`, { grace_seconds: 60 });
    await admin('POST', `/${a.id}/api-keys/${created.body.id}/revoke`);
    // The workspace's own secret key makes a change too: the log names that key.
    const ownKeyId = await keyIdOf(a.id, 'secret', 'test');
    const own = await http('POST', `${system.urls.tracking}/v1/api-keys`, { key: a.keys.sk_test, json: { kind: 'secret' } });
    expect(own.status).toBe(201);
    await admin('POST', `/${b.id}/api-keys`, { kind: 'secret', mode: 'test' });

    const log = await http('GET', `${system.urls.tracking}/v1/audit-log`, { key: a.keys.sk_test });
    expect(log.status).toBe(200);
    const entries = log.body.data as Array<{
      at: string;
      actor: string;
      action: string;
      api_key_id: string | null;
      mode: string | null;
      details: Record<string, unknown>;
    }>;
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['api_key.created', `api_key:${ownKeyId}`],
      ['api_key.revoked', 'operator:admin_api'],
      ['api_key.rolled', 'operator:admin_api'],
      ['api_key.created', 'operator:admin_api'],
      ['workspace.renamed', 'operator:admin_api'],
      ['workspace.created', 'operator:admin_api'],
    ]);
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThan(before);
    expect(entries[2]).toMatchObject({
      api_key_id: created.body.id,
      mode: 'test',
      details: { expires_at: expect.any(String), replaced_by: expect.any(String) },
    });
    expect(entries[4].details).toEqual({ from: 'Audited A', to: 'Audited A2' });

    // B's log holds B's changes only; A's live key does not see A's test-mode key changes.
    const logB = (await http('GET', `${system.urls.tracking}/v1/audit-log`, { key: b.keys.sk_live })).body.data;
    expect(logB.map((e: { action: string }) => e.action)).toEqual(['workspace.created']);
    const liveA = (await http('GET', `${system.urls.tracking}/v1/audit-log`, { key: a.keys.sk_live })).body.data;
    expect(liveA.map((e: { action: string }) => e.action)).toEqual(['workspace.renamed', 'workspace.created']);
    expect((await http('GET', `${system.urls.tracking}/v1/audit-log`, { key: a.keys.pk_test })).status).toBe(403);
    // The operator reads any workspace's log.
    expect((await admin('GET', `/${b.id}/audit-log`)).body.data).toHaveLength(2);
  });

  it('lets a workspace manage its own keys in the mode of its key only', async () => {
    const ws = await newWorkspace('Self-service');
    const liveKeyId = await keyIdOf(ws.id, 'secret', 'live');
    const list = await http('GET', `${system.urls.tracking}/v1/api-keys`, { key: ws.keys.sk_test });
    expect(list.body.data.map((k: { mode: string }) => k.mode)).toEqual(['test', 'test']);
    expect((await http('POST', `${system.urls.tracking}/v1/api-keys/${liveKeyId}/revoke`, { key: ws.keys.sk_test })).status).toBe(404);
    expect((await http('POST', `${system.urls.tracking}/v1/api-keys`, { key: ws.keys.sk_test, json: { kind: 'secret', mode: 'live' } })).status).toBe(403);
    const other = await newWorkspace('Someone else');
    const otherKey = await keyIdOf(other.id, 'secret', 'test');
    expect((await http('POST', `${system.urls.tracking}/v1/api-keys/${otherKey}/roll`, { key: ws.keys.sk_test, json: {} })).status).toBe(404);
  });

  it('offers the same operations on the command line (npm run admin), printing new keys once', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (...args: string[]) =>
      runAdminCommand(
        system.tracking!,
        args,
        (t) => out.push(t),
        (t) => err.push(t),
      );
    expect(await run('workspace', 'create', 'Acme CLI')).toBe(0);
    const created = JSON.parse(out.pop()!);
    expect(created.keys.sk_live).toMatch(/^sk_live_/);
    expect(await run('workspace', 'rename', created.id, 'Acme CLI 2')).toBe(0);
    expect(JSON.parse(out.pop()!).name).toBe('Acme CLI 2');
    expect(await run('keys', 'list', created.id)).toBe(0);
    const keys = JSON.parse(out.pop()!);
    expect(keys).toHaveLength(4);
    const secretTest = keys.find((k: { kind: string; mode: string }) => k.kind === 'secret' && k.mode === 'test');
    expect(await run('keys', 'roll', created.id, secretTest.id, '0')).toBe(0);
    expect(await acceptedBy(created.keys.sk_test)).toEqual(nowhere);
    expect(await run('keys', 'revoke', created.id, secretTest.id)).toBe(1);
    expect(err.pop()).toMatch(/has expired/);
    expect(await run('audit', created.id)).toBe(0);
    const audit = JSON.parse(out.pop()!);
    expect(audit.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`)).toEqual([
      'api_key.rolled operator:admin_cli',
      'workspace.renamed operator:admin_cli',
      'workspace.created operator:admin_cli',
    ]);
    expect(await run('keys', 'frobnicate')).toBe(2);
    expect(err.pop()).toMatch(/Usage: npm run admin/);
  });
});
