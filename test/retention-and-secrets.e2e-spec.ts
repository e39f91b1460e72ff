import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { NatsClient } from '@app/messaging';
import { loadAttributionConfig } from '../apps/attribution/src/config';
import { http } from './support/http';
import { PrivateNatsServer } from './support/nats-server';
import { TestSystem } from './support/system';

/** Issue 16, holes 11 (data kept forever) and 12 (secrets at rest, NATS without authentication). */
describe('What is kept, and the secrets that guard it', () => {
  describe('11. retention', () => {
    let system: TestSystem;
    beforeAll(async () => {
      system = await TestSystem.start({ services: ['tracking'], env: { DEAD_LETTER_RETENTION_DAYS: '12' } });
    });
    afterAll(() => system?.stop());

    it('stores no user agent, referrer or landing URL with a click', async () => {
      const partner = await http('POST', `${system.urls.tracking}/v1/partners`, {
        key: system.keys.sk_test,
        json: { name: 'P', destination_url: 'https://shop.example.com/' },
      });
      const token = (await http('POST', `${system.urls.tracking}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: {} })).body
        .token;
      const snippet = await http('POST', `${system.urls.tracking}/v1/clicks`, {
        key: system.keys.pk_test,
        json: { token, landing_url: 'https://shop.example.com/?ref=x&email=ada@example.com', referrer: 'https://blog.example.com/post' },
        headers: { 'user-agent': 'Mozilla/5.0 (Probe)' },
      });
      expect(snippet.status).toBe(201);
      expect(
        (await http('GET', `${system.urls.tracking}/r/${token}`, { headers: { 'user-agent': 'Mozilla/5.0 (Probe)', referer: 'https://blog.example.com/' } }))
          .status,
      ).toBe(302);
      const stored = await system.streamContents<Record<string, unknown>>('CLICKS');
      expect(stored).toHaveLength(2);
      for (const { data } of stored) {
        expect(Object.keys(data).sort()).toEqual(['click_id', 'clicked_at', 'expires_at', 'mode', 'partner_id', 'referral_token', 'source', 'workspace_id']);
        expect(JSON.stringify(data)).not.toMatch(/Probe|blog\.example|ada@/);
      }
    });

    it('keeps dead letters for the configured number of days', async () => {
      const nats = system.tracking!.get(NatsClient);
      const info = await nats.jsm.streams.info(nats.streamName('DEAD_LETTERS'));
      expect(info.config.max_age).toBe(12 * 86_400 * 1e9);
    });
  });

  describe('12. secrets at rest and NATS credentials', () => {
    it('attribution does not start without WEBHOOK_SECRETS_KEY', () => {
      expect(() => loadAttributionConfig({ WEBHOOK_SECRETS_KEY: '' })).toThrow(/WEBHOOK_SECRETS_KEY.*required/s);
      expect(() => loadAttributionConfig({ WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64') })).not.toThrow();
    });

    it('the services connect to a NATS server that requires credentials, with NATS_USER and NATS_PASSWORD', async () => {
      const credentials = { user: 'selgeo', pass: randomBytes(12).toString('hex') };
      const server = await PrivateNatsServer.start(credentials);
      let system: TestSystem | undefined;
      try {
        await expect(connect({ servers: server.url, timeout: 2000, maxReconnectAttempts: 0 })).rejects.toThrow(/Authorization/i);
        system = await TestSystem.start({ natsUrl: server.url, services: ['tracking'], env: { NATS_USER: credentials.user, NATS_PASSWORD: credentials.pass } });
        expect((await http('GET', `${system.urls.tracking}/health/ready`)).status).toBe(200);
      } finally {
        await system?.stop();
        await server.destroy();
      }
    });
  });
});
