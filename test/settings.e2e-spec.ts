import { ClickRecordedEvent, DEFAULT_ATTRIBUTION_WINDOW_DAYS, Streams } from '@app/domain';
import { http } from './support/http';
import { TestSystem } from './support/system';

const DAY_MS = 86_400_000;

/**
 * The attribution window per workspace and mode, set through the API, applies to clicks recorded after the change;
 * the partner link limit is set beside it.
 */
describe('Workspace settings: the attribution window', () => {
  let system: TestSystem;
  let token: string;
  let liveToken: string;

  const settings = (key: string, json?: unknown) => http(json === undefined ? 'GET' : 'PATCH', `${system.urls.tracking}/v1/settings`, { key, json });
  const tokenOf = async (sk: string) => {
    const partner = await http('POST', `${system.urls.tracking}/v1/partners`, { key: sk, json: { name: 'P', destination_url: 'https://shop.example.com/' } });
    return (await http('POST', `${system.urls.tracking}/v1/partners/${partner.body.id}/referral-tokens`, { key: sk, json: {} })).body.token as string;
  };
  const click = async (pk: string, t: string) => {
    const answer = await http('POST', `${system.urls.tracking}/v1/clicks`, { key: pk, json: { token: t } });
    expect(answer.status).toBe(201);
    return answer.body as { click_id: string; expires_at: string };
  };
  const windowOf = async (clickId: string) => {
    const events = await system.streamContents<ClickRecordedEvent>(Streams.clicks.name);
    const event = events.find((e) => e.data.click_id === clickId)!.data;
    return Math.round((Date.parse(event.expires_at) - Date.parse(event.clicked_at)) / DAY_MS);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking'] });
    token = await tokenOf(system.keys.sk_test);
    liveToken = await tokenOf(system.keys.sk_live);
  });
  afterAll(() => system?.stop());

  it('answers the window of the mode, the workspace default until set', async () => {
    const answer = await settings(system.keys.sk_test);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      object: 'settings',
      workspace_id: system.workspaceId,
      workspace_name: 'Test workspace',
      mode: 'test',
      attribution_window_days: DEFAULT_ATTRIBUTION_WINDOW_DAYS,
      partner_link_limit: 5,
      updated_at: null,
    });
  });

  it("changes the partner link limit alone: a mode's first change keeps the workspace's window, a later one the mode's", async () => {
    const first = await settings(system.keys.sk_test, { partner_link_limit: 12 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ attribution_window_days: DEFAULT_ATTRIBUTION_WINDOW_DAYS, partner_link_limit: 12, updated_at: expect.any(String) });
    expect(await windowOf((await click(system.keys.pk_test, token)).click_id)).toBe(DEFAULT_ATTRIBUTION_WINDOW_DAYS);
    const window = await settings(system.keys.sk_test, { attribution_window_days: 20 });
    expect(window.body).toMatchObject({ attribution_window_days: 20, partner_link_limit: 12 });
    const both = await settings(system.keys.sk_test, { attribution_window_days: DEFAULT_ATTRIBUTION_WINDOW_DAYS, partner_link_limit: 5 });
    expect(both.body).toMatchObject({ attribution_window_days: DEFAULT_ATTRIBUTION_WINDOW_DAYS, partner_link_limit: 5 });
    expect((await settings(system.keys.sk_live)).body.partner_link_limit).toBe(5);
  });

  it.each([[-1], [101], [2.5], ['5'], [null]])('refuses a partner link limit of %p with a 400 naming the field', async (limit) => {
    const answer = await settings(system.keys.sk_test, { partner_link_limit: limit });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^partner_link_limit: must be (between 0 and 100|a whole number of links)/);
    expect((await settings(system.keys.sk_test)).body.partner_link_limit).toBe(5);
  });

  it('refuses a change of nothing', async () => {
    const answer = await settings(system.keys.sk_test, {});
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/must change at least one of attribution_window_days, partner_link_limit/);
  });

  it('a click recorded after a change expires by the new window; one recorded before keeps its expiry', async () => {
    const before = await click(system.keys.pk_test, token);
    expect(await windowOf(before.click_id)).toBe(DEFAULT_ATTRIBUTION_WINDOW_DAYS);

    const changed = await settings(system.keys.sk_test, { attribution_window_days: 7 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ mode: 'test', attribution_window_days: 7, updated_at: expect.any(String) });
    expect((await settings(system.keys.sk_test)).body.attribution_window_days).toBe(7);

    const after = await click(system.keys.pk_test, token);
    expect(await windowOf(after.click_id)).toBe(7);
    expect(Date.parse(after.expires_at) - Date.now()).toBeLessThanOrEqual(7 * DAY_MS);
    // The earlier click's recorded expiry is unchanged.
    expect(await windowOf(before.click_id)).toBe(DEFAULT_ATTRIBUTION_WINDOW_DAYS);
  });

  it("a mode's window leaves the other mode's alone", async () => {
    await settings(system.keys.sk_live, { attribution_window_days: 365 });
    expect(await windowOf((await click(system.keys.pk_live, liveToken)).click_id)).toBe(365);
    expect(await windowOf((await click(system.keys.pk_test, token)).click_id)).toBe(7);
  });

  it.each([[0], [366], [1.5], ['30'], [null]])('refuses a window of %p days with a 400 naming the field', async (days) => {
    const answer = await settings(system.keys.sk_test, { attribution_window_days: days });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^attribution_window_days: /) });
    expect((await settings(system.keys.sk_test)).body.attribution_window_days).toBe(7);
  });

  it('takes 1 and 365, the bounds', async () => {
    expect((await settings(system.keys.sk_test, { attribution_window_days: 1 })).body.attribution_window_days).toBe(1);
    expect(await windowOf((await click(system.keys.pk_test, token)).click_id)).toBe(1);
    expect((await settings(system.keys.sk_test, { attribution_window_days: 365 })).body.attribution_window_days).toBe(365);
  });

  it('needs a secret key', async () => {
    expect((await settings(system.keys.pk_test, { attribution_window_days: 30 })).status).toBe(403);
    expect((await http('GET', `${system.urls.tracking}/v1/settings`)).status).toBe(401);
  });
});
