import { Client } from 'pg';
import { PartnerUpsertedEvent, Streams } from '@app/domain';
import { http } from './support/http';
import { PrivateNatsServer } from './support/nats-server';
import { TestSystem } from './support/system';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * Tracking publishes its partners (`partner.upserted` on the PARTNERS stream) for the commissions
 * service: each one when created or changed, and the whole catalogue again at every start-up, so a
 * change that was never published (a crash, NATS away) reaches the consumers at the latest then.
 */
describe('The partner catalogue on NATS', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking'] });
  });
  afterAll(() => system?.stop());

  const api = (method: string, path: string, json?: unknown, key = system.keys.sk_test) => http(method, `${system.urls.tracking}${path}`, { key, json });
  /** This workspace's `partner.upserted` events for one partner, oldest first. */
  const eventsOf = async (partnerId: string) =>
    (await system.streamContents<PartnerUpsertedEvent>(Streams.partners.name))
      .filter((m) => m.subject === 'partner.upserted' && m.data.partner_id === partnerId)
      .map((m) => m.data);
  const createPartner = async (name: string, key = system.keys.sk_test) => {
    const created = await api('POST', '/v1/partners', { name, email: 'Ada@Example.com', destination_url: 'https://shop.example.com/' }, key);
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string; email: string | null; created_at: string; updated_at: string };
  };

  it('publishes a partner when it is created, in its workspace and mode', async () => {
    const partner = await createPartner('Ada');
    expect(partner.updated_at).toBe(partner.created_at);
    expect(await eventsOf(partner.id)).toEqual([
      {
        workspace_id: system.workspaceId,
        mode: 'test',
        partner_id: partner.id,
        name: 'Ada',
        email: 'Ada@Example.com',
        payout_email: null,
        payout_reference: null,
        updated_at: partner.updated_at,
      },
    ]);

    const live = await createPartner('Ada live', system.keys.sk_live);
    expect(await eventsOf(live.id)).toEqual([expect.objectContaining({ mode: 'live', name: 'Ada live', workspace_id: system.workspaceId })]);
  });

  it('publishes every change, with its new updated_at; a field left out is kept, null removes the email', async () => {
    const partner = await createPartner('Grace');
    const renamed = await api('PATCH', `/v1/partners/${partner.id}`, { name: 'Grace Hopper' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: partner.id, name: 'Grace Hopper', email: 'Ada@Example.com', destination_url: 'https://shop.example.com/' });
    expect(Date.parse(renamed.body.updated_at)).toBeGreaterThan(Date.parse(partner.updated_at));

    const emailRemoved = await api('PATCH', `/v1/partners/${partner.id}`, { email: null, destination_url: 'https://shop.example.com/grace' });
    expect(emailRemoved.body).toMatchObject({ name: 'Grace Hopper', email: null, destination_url: 'https://shop.example.com/grace' });
    // The change is what the API answers afterwards too.
    expect((await api('GET', `/v1/partners/${partner.id}`)).body).toMatchObject({
      name: 'Grace Hopper',
      email: null,
      updated_at: emailRemoved.body.updated_at,
    });

    expect((await eventsOf(partner.id)).map((e) => [e.name, e.email, e.updated_at])).toEqual([
      ['Grace', 'Ada@Example.com', partner.updated_at],
      ['Grace Hopper', 'Ada@Example.com', renamed.body.updated_at],
      ['Grace Hopper', null, emailRemoved.body.updated_at],
    ]);
  });

  it("keeps and publishes the partner's payout details; null or an empty reference removes them", async () => {
    const partner = await createPartner('Hedy');
    const set = await api('PATCH', `/v1/partners/${partner.id}`, { payout_email: ' pay@hedy.example ', payout_reference: '  IBAN DE89 3704 ' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ email: 'Ada@Example.com', payout_email: 'pay@hedy.example', payout_reference: 'IBAN DE89 3704' });
    expect((await api('GET', `/v1/partners/${partner.id}`)).body).toMatchObject({ payout_email: 'pay@hedy.example', payout_reference: 'IBAN DE89 3704' });
    const listed = (await api('GET', `/v1/partners?q=${partner.id}`)).body.data;
    expect(listed).toEqual([expect.objectContaining({ id: partner.id, payout_email: 'pay@hedy.example', payout_reference: 'IBAN DE89 3704' })]);

    const removed = await api('PATCH', `/v1/partners/${partner.id}`, { payout_email: null, payout_reference: '' });
    expect(removed.body).toMatchObject({ payout_email: null, payout_reference: null });
    expect((await eventsOf(partner.id)).map((e) => [e.payout_email, e.payout_reference])).toEqual([
      [null, null],
      ['pay@hedy.example', 'IBAN DE89 3704'],
      [null, null],
    ]);

    const badEmail = await api('PATCH', `/v1/partners/${partner.id}`, { payout_email: 'not an email' });
    expect(badEmail.status).toBe(400);
    expect(JSON.stringify(badEmail.body)).toMatch(/payout_email.*must be an email address/);
    const longReference = await api('PATCH', `/v1/partners/${partner.id}`, { payout_reference: 'x'.repeat(201) });
    expect(longReference.status).toBe(400);
    expect(JSON.stringify(longReference.body)).toMatch(/payout_reference.*must be at most 200 characters/);
  });

  it('refuses an empty or invalid change, and a partner of another mode', async () => {
    const partner = await createPartner('Linus');
    const empty = await api('PATCH', `/v1/partners/${partner.id}`, {});
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toMatch(/must change at least one of name, email, destination_url, payout_email, payout_reference/);
    expect((await api('PATCH', `/v1/partners/${partner.id}`, { name: ' ' })).status).toBe(400);
    expect((await api('PATCH', `/v1/partners/${partner.id}`, { mode: 'live' })).status).toBe(400);
    expect((await api('PATCH', `/v1/partners/${partner.id}`, { name: 'Other mode' }, system.keys.sk_live)).status).toBe(404);
    expect((await api('PATCH', '/v1/partners/not-a-uuid', { name: 'X' })).status).toBe(404);
    expect(await eventsOf(partner.id)).toHaveLength(1);
  });

  it('republishes the catalogue at start-up: a change never published arrives, an unchanged partner is a duplicate JetStream drops', async () => {
    const changed = await createPartner('Margaret');
    const unchanged = await createPartner('Katherine');
    await system.stopTracking();
    // As if tracking had crashed between the change and its publish.
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE tracking.partners SET name = 'Margaret Hamilton', updated_at = clock_timestamp() WHERE id = $1`, [changed.id]);
    } finally {
      await db.end();
    }
    await system.startTracking();

    const republished = await eventsOf(changed.id);
    expect(republished.map((e) => e.name)).toEqual(['Margaret', 'Margaret Hamilton']);
    expect(Date.parse(republished[1].updated_at)).toBeGreaterThan(Date.parse(changed.updated_at));
    // Published again, under the same message id, within the stream's duplicate window: stored once.
    expect(await eventsOf(unchanged.id)).toHaveLength(1);
    // The API still works after the restart.
    expect((await api('GET', `/v1/partners/${changed.id}`)).body.name).toBe('Margaret Hamilton');
  });

  describe('when NATS is unavailable', () => {
    let nats: PrivateNatsServer;
    let down: TestSystem;

    beforeAll(async () => {
      nats = await PrivateNatsServer.start();
      down = await TestSystem.start({ services: ['tracking'], natsUrl: nats.url });
    });
    afterAll(async () => {
      await nats?.resume().catch(() => undefined);
      await down?.stop();
      await nats?.destroy();
    });

    const call = (method: string, path: string, json?: unknown) => http(method, `${down.urls.tracking}${path}`, { key: down.keys.sk_test, json });
    const partnerBody = { name: 'Barbara', email: 'barbara@example.com', destination_url: 'https://shop.example.com/' };

    it('a partner that could not be published is not created (503), and a change that could not be is kept and published at the next start-up', async () => {
      const partner = (await call('POST', '/v1/partners', partnerBody)).body as { id: string };
      await nats.halt();

      const refused = await call('POST', '/v1/partners', { ...partnerBody, name: 'Never announced' });
      expect(refused.status).toBe(503);
      const edited = await call('PATCH', `/v1/partners/${partner.id}`, { name: 'Barbara Liskov' });
      expect(edited.status).toBe(503);
      const names = (await call('GET', '/v1/partners?limit=100')).body.data.map((p: { name: string }) => p.name);
      expect(names).toEqual(['Barbara Liskov']);

      await nats.resume();
      await down.stopTracking();
      await down.startTracking();
      const events = (await down.streamContents<PartnerUpsertedEvent>(Streams.partners.name)).filter((m) => m.data.workspace_id === down.workspaceId);
      expect(events.map((m) => [m.data.partner_id, m.data.name])).toEqual([
        [partner.id, 'Barbara'],
        [partner.id, 'Barbara Liskov'],
      ]);
    });
  });
});
