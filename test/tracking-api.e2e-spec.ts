import { randomBytes } from 'node:crypto';
import { hashApiKey, keyCharacters, Streams } from '@app/domain';
import { ApiKeyDirectory } from '@app/platform';
import { CreateWorkspaceUseCase } from '../apps/tracking/src/accounts/create-workspace/create-workspace.usecase';
import { http } from './support/http';
import { TestSystem } from './support/system';

/** The tracking service's boundaries: keys, validation, conflicts, and the walls between modes and workspaces. */
describe('tracking API', () => {
  let system: TestSystem;
  let url: string;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking'], env: { CLICK_RATE_LIMIT_PER_MINUTE: '5' } });
    url = system.urls.tracking;
  });
  afterAll(async () => system?.stop());

  const partnerBody = { name: 'Ada', destination_url: 'https://shop.example.com/' };

  describe('API keys', () => {
    it('asks for a key when none is sent', async () => {
      const r = await http('POST', `${url}/v1/partners`, { json: partnerBody });
      expect(r.status).toBe(401);
      expect(r.body.message).toMatch(/Missing API key: send the header "Authorization: Bearer sk_test_\.\.\."/);
    });

    it.each([
      ['a malformed key', 'sk_test_short'],
      ['a well-formed key nobody issued', `sk_test_${'A'.repeat(32)}`],
    ])('rejects %s with 401', async (_name, key) => {
      const r = await http('POST', `${url}/v1/partners`, { key, json: partnerBody });
      expect(r.status).toBe(401);
      expect(r.body.message).toMatch(/Invalid API key/);
    });

    it('keeps publishable keys out of the management API', async () => {
      const r = await http('POST', `${url}/v1/partners`, { key: system.keys.pk_test, json: partnerBody });
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/needs a secret key/);
    });

    it('has no admin API without ADMIN_API_TOKEN, and says so', async () => {
      const r = await http('GET', `${url}/v1/admin/workspaces`, { headers: { authorization: 'Bearer anything' } });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'The admin API is off: set ADMIN_API_TOKEN on the tracking service to turn it on',
      });
    });

    it('keeps secret keys out of click registration (they would be exposed in browsers)', async () => {
      const r = await http('POST', `${url}/v1/clicks`, { key: system.keys.sk_test, json: { token: 'whatever' } });
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/publishable key/);
    });
  });

  describe('partners, referral tokens and promo codes', () => {
    it('names every invalid field of a partner', async () => {
      const r = await http('POST', `${url}/v1/partners`, {
        key: system.keys.sk_test,
        json: { name: '', destination_url: 'javascript:alert(1)', email: 'nope', extra: 1 },
      });
      expect(r.status).toBe(400);
      const fields = r.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['(body)', 'destination_url', 'email', 'name']);
      expect(r.body.message).toMatch(/destination_url: must be an absolute http\(s\) URL/);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const r = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, body: '{"name": ', headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(400);
    });

    it('answers 400 for a list limit out of range, as every list does', async () => {
      for (const limit of ['0', '101', 'ten']) {
        const r = await http('GET', `${url}/v1/partners?limit=${limit}`, { key: system.keys.sk_test });
        expect(r.status).toBe(400);
        expect(r.body.message).toBe('limit must be a whole number from 1 to 100');
      }
    });

    it('answers 404 naming the partner for an id that names none', async () => {
      const r = await http('GET', `${url}/v1/partners/not-a-uuid`, { key: system.keys.sk_test });
      expect(r.status).toBe(404);
      expect(r.body.message).toBe("No partner not-a-uuid in this workspace's test mode");
    });

    it('creates tokens and promo codes, normalising case, and refuses duplicates with 409', async () => {
      const partner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
      expect(partner.status).toBe(201);
      const token = await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: { token: 'Ada-Summer' } });
      expect(token.status).toBe(201);
      expect(token.body).toMatchObject({
        token: 'ada-summer',
        partner_id: partner.body.id,
        mode: 'test',
        redirect_url: expect.stringMatching(/\/r\/ada-summer$/),
        label: null,
        added_by: 'merchant',
        created_at: expect.any(String),
      });
      const again = await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: { token: 'ADA-SUMMER' } });
      expect(again.status).toBe(409);
      const bad = await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: { token: 'a b' } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^token: must be 3 to 64 letters/);

      const code = await http('POST', `${url}/v1/partners/${partner.body.id}/promo-codes`, { key: system.keys.sk_test, json: { code: ' summer20 ' } });
      expect(code.status).toBe(201);
      expect(code.body.code).toBe('SUMMER20');
      expect((await http('POST', `${url}/v1/partners/${partner.body.id}/promo-codes`, { key: system.keys.sk_test, json: { code: 'Summer20' } })).status).toBe(
        409,
      );

      const shown = await http('GET', `${url}/v1/partners/${partner.body.id}`, { key: system.keys.sk_test });
      expect(shown.body.referral_tokens.map((t: { token: string }) => t.token)).toEqual(['ada-summer']);
      expect(shown.body.promo_codes.map((c: { code: string }) => c.code)).toEqual(['SUMMER20']);
    });

    it('labels a referral token, and names a bad label', async () => {
      const partner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
      const add = (json: unknown) => http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json });
      const labelled = await add({ label: '  Spring newsletter ' });
      expect(labelled.status).toBe(201);
      expect(labelled.body).toMatchObject({ label: 'Spring newsletter', added_by: 'merchant', token: expect.stringMatching(/^[a-z2-9]{10}$/) });
      const shown = await http('GET', `${url}/v1/partners/${partner.body.id}`, { key: system.keys.sk_test });
      expect(shown.body.referral_tokens).toEqual([
        expect.objectContaining({ token: labelled.body.token, label: 'Spring newsletter', added_by: 'merchant', created_at: labelled.body.created_at }),
      ]);
      for (const [label, message] of [
        ['   ', /^label: must not be empty/],
        ['x'.repeat(61), /^label: must be at most 60 characters/],
        ['line\nbreak', /^label: must not contain control characters/],
        [7, /^label: must be a text of 1 to 60 characters/],
      ] as const) {
        const bad = await add({ label });
        expect(bad.status).toBe(400);
        expect(bad.body.message).toMatch(message);
      }
    });

    describe("a partner's own key (the partner portal's)", () => {
      /** A partner portal session's key for `partnerId`, published as the dashboard publishes its sessions' keys. */
      async function partnerKey(partnerId: string, workspaceId = system.workspaceId): Promise<string> {
        const key = `ps_test_${keyCharacters(randomBytes(32))}`;
        await system.tracking!.get(ApiKeyDirectory).publishSessionKey(hashApiKey(key), {
          workspaceId,
          mode: 'test',
          kind: 'secret',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          actor: `partner:${partnerId}`,
          partnerId,
        });
        return key;
      }
      const settings = (json: unknown) => http('PATCH', `${url}/v1/settings`, { key: system.keys.sk_test, json });

      afterEach(async () => {
        expect((await settings({ partner_link_limit: 5 })).status).toBe(200);
      });

      it("adds links up to the workspace's partner link limit, counting only the partner's own", async () => {
        const partner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
        const key = await partnerKey(partner.body.id);
        const addAs = (k: string, json: unknown = {}) => http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: k, json });
        expect((await settings({ partner_link_limit: 2 })).body).toMatchObject({ partner_link_limit: 2 });

        // The merchant's links neither count nor are limited.
        for (let i = 0; i < 3; i++) expect((await addAs(system.keys.sk_test)).status).toBe(201);
        const first = await addAs(key, { label: 'Blog' });
        expect(first.status).toBe(201);
        expect(first.body).toMatchObject({ partner_id: partner.body.id, label: 'Blog', added_by: 'partner' });
        expect((await addAs(key)).status).toBe(201);

        const refused = await addAs(key, { label: 'One too many' });
        expect(refused.status).toBe(409);
        expect(refused.body.message).toBe(
          'This partner already has 2 referral links of their own, the most this program allows (partner_link_limit); the merchant can raise the limit',
        );
        expect((await addAs(system.keys.sk_test)).status).toBe(201);

        expect((await settings({ partner_link_limit: 3 })).status).toBe(200);
        expect((await addAs(key)).status).toBe(201);
        const shown = await http('GET', `${url}/v1/partners/${partner.body.id}`, { key: system.keys.sk_test });
        const addedBy = shown.body.referral_tokens.map((t: { added_by: string }) => t.added_by);
        expect(addedBy.filter((a: string) => a === 'partner')).toHaveLength(3);
        expect(addedBy.filter((a: string) => a === 'merchant')).toHaveLength(4);

        // Several at once cannot pass the limit together.
        expect((await settings({ partner_link_limit: 5 })).status).toBe(200);
        const burst = await Promise.all(Array.from({ length: 6 }, () => addAs(key)));
        expect(burst.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
      });

      it('cannot add a link to another partner (403: the key is kept to its partner), nor in another workspace (404, as for no partner)', async () => {
        const own = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
        const other = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: { ...partnerBody, name: 'Grace' } });
        const key = await partnerKey(own.body.id);
        const refused = await http('POST', `${url}/v1/partners/${other.body.id}/referral-tokens`, { key, json: { label: 'Not mine' } });
        expect(refused.status).toBe(403);
        expect(refused.body.message).toBe("A partner's key may only act on its own partner");
        const shown = await http('GET', `${url}/v1/partners/${other.body.id}`, { key: system.keys.sk_test });
        expect(shown.body.referral_tokens).toEqual([]);

        // A key of another workspace naming this partner finds nothing either.
        const elsewhere = await system.tracking!.get(CreateWorkspaceUseCase).execute({ id: `${system.workspaceId}_p`, name: 'Workspace P' });
        const foreign = await partnerKey(own.body.id, elsewhere!.id);
        expect((await http('POST', `${url}/v1/partners/${own.body.id}/referral-tokens`, { key: foreign, json: {} })).status).toBe(404);
      });

      it('with a limit of 0, the partner adds no link', async () => {
        const partner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
        expect((await settings({ partner_link_limit: 0 })).status).toBe(200);
        const refused = await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: await partnerKey(partner.body.id), json: {} });
        expect(refused.status).toBe(409);
        expect(refused.body.message).toMatch(/already has 0 referral links of their own/);
      });
    });

    it('keeps test and live, and workspaces, apart', async () => {
      const testPartner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
      expect((await http('GET', `${url}/v1/partners/${testPartner.body.id}`, { key: system.keys.sk_live })).status).toBe(404);

      // The same promo code may exist once per mode: live is a world of its own.
      const livePartner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_live, json: partnerBody });
      expect(livePartner.body.mode).toBe('live');
      const code = { code: `WORLD${Date.now()}` };
      expect((await http('POST', `${url}/v1/partners/${testPartner.body.id}/promo-codes`, { key: system.keys.sk_test, json: code })).status).toBe(201);
      expect((await http('POST', `${url}/v1/partners/${livePartner.body.id}/promo-codes`, { key: system.keys.sk_live, json: code })).status).toBe(201);

      const other = await system.tracking!.get(CreateWorkspaceUseCase).execute({ id: `${system.workspaceId}_b`, name: 'Workspace B' });
      expect((await http('GET', `${url}/v1/partners/${testPartner.body.id}`, { key: other!.keys.sk_test })).status).toBe(404);
      const listed = await http('GET', `${url}/v1/partners`, { key: other!.keys.sk_test });
      expect(listed.body.data).toEqual([]);

      // A token is global (the hosted redirect has nothing else to go on): another workspace cannot take it over.
      const tokenName = `owned-${Date.now()}`;
      expect(
        (await http('POST', `${url}/v1/partners/${testPartner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: { token: tokenName } })).status,
      ).toBe(201);
      const intruder = await http('POST', `${url}/v1/partners`, { key: other!.keys.sk_test, json: partnerBody });
      const takeover = await http('POST', `${url}/v1/partners/${intruder.body.id}/referral-tokens`, { key: other!.keys.sk_test, json: { token: tokenName } });
      expect(takeover.status).toBe(409);
      const owner = await http('GET', `${url}/v1/partners/${testPartner.body.id}`, { key: system.keys.sk_test });
      expect(owner.body.referral_tokens.map((t: { token: string }) => t.token)).toContain(tokenName);
      expect((await http('POST', `${url}/v1/clicks`, { key: other!.keys.pk_test, json: { token: tokenName } })).status).toBe(404);
    });
  });

  describe('clicks', () => {
    let token: string;
    beforeAll(async () => {
      const partner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
      token = (await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: {} })).body.token;
    });

    it('registers a click with the key in the header or in the body, durably', async () => {
      const before = await system.streamMessages(Streams.clicks.name);
      const viaHeader = await http('POST', `${url}/v1/clicks`, { key: system.keys.pk_test, json: { token } });
      const viaBody = await http('POST', `${url}/v1/clicks`, { json: { token: token.toUpperCase(), publishable_key: system.keys.pk_test } });
      expect([viaHeader.status, viaBody.status]).toEqual([201, 201]);
      expect(viaHeader.body.click_id).not.toBe(viaBody.body.click_id);
      const windowDays = (Date.parse(viaHeader.body.expires_at) - Date.now()) / 86_400_000;
      expect(windowDays).toBeGreaterThan(59.9);
      expect(windowDays).toBeLessThanOrEqual(60);
      expect(await system.streamMessages(Streams.clicks.name)).toBe(before + 2);
    });

    it("sends a partner's hosted link to a changed destination at once", async () => {
      const partner = await http('POST', `${url}/v1/partners`, { key: system.keys.sk_test, json: partnerBody });
      const link = await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: {} });
      const redirect = () => http('GET', `${url}/r/${link.body.token}`).then((r) => r.headers.get('location')!);
      expect(await redirect()).toMatch(/^https:\/\/shop\.example\.com\/\?/);
      const edited = await http('PATCH', `${url}/v1/partners/${partner.body.id}`, {
        key: system.keys.sk_test,
        json: { destination_url: 'https://shop.example.com/spring-sale' },
      });
      expect(edited.status).toBe(200);
      expect(await redirect()).toMatch(/^https:\/\/shop\.example\.com\/spring-sale\?/);
    });

    it('answers 404 for an unknown token, and for a token of the other mode', async () => {
      const unknown = await http('POST', `${url}/v1/clicks`, { key: system.keys.pk_test, json: { token: 'no-such-token' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('Unknown referral token "no-such-token" in this workspace\'s test mode');
      const otherMode = await http('POST', `${url}/v1/clicks`, { key: system.keys.pk_live, json: { token } });
      expect(otherMode.status).toBe(404);
      expect((await http('GET', `${url}/r/no-such-token`)).status).toBe(404);
    });

    it('answers 4xx, never 500, for text PostgreSQL cannot store (NUL bytes)', async () => {
      const click = await http('POST', `${url}/v1/clicks`, { key: system.keys.pk_test, json: { token: 'ab\u0000cd' } });
      expect(click.status).toBe(400);
      expect(click.body.message).toMatch(/NUL/);
      expect((await http('GET', `${url}/r/ab%00cd`)).status).toBe(404);
      const partner = await http('POST', `${url}/v1/partners`, {
        key: system.keys.sk_test,
        json: { name: 'Ada\u0000', destination_url: 'https://shop.example.com/' },
      });
      expect(partner.status).toBe(400);
    });

    it('answers 400 naming the missing token', async () => {
      const r = await http('POST', `${url}/v1/clicks`, { key: system.keys.pk_test, json: { landing_url: 'https://x' } });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/^token: is required/);
    });

    it('rate-limits click registration per publishable key with 429', async () => {
      const other = await system.tracking!.get(CreateWorkspaceUseCase).execute({ id: `${system.workspaceId}_rl`, name: 'Rate limited' });
      const partner = await http('POST', `${url}/v1/partners`, { key: other!.keys.sk_test, json: partnerBody });
      const t = (await http('POST', `${url}/v1/partners/${partner.body.id}/referral-tokens`, { key: other!.keys.sk_test, json: {} })).body.token;
      const statuses: number[] = [];
      // 12 requests cross at most one minute boundary, so one window sees more than the limit of 5.
      for (let i = 0; i < 12; i++) statuses.push((await http('POST', `${url}/v1/clicks`, { key: other!.keys.pk_test, json: { token: t } })).status);
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    });
  });
});
