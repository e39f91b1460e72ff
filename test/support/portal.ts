import { randomUUID } from 'node:crypto';
import { DashboardSession } from './dashboard-session';
import { http, HttpResult } from './http';

/**
 * The partner portal over HTTP, as the merchant's dashboard and the partner's browser use it. Each
 * test file signs in from a client address of its own (a proxy on loopback forwards it), so the
 * sign-in limit per client address, shared by the files of a run, counts only its own attempts.
 */
export class PortalClient {
  constructor(
    readonly baseUrl: string,
    readonly clientAddress: string,
  ) {}

  private post(path: string, json: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    return http('POST', `${this.baseUrl}${path}`, { json, headers: { 'x-forwarded-for': this.clientAddress, ...headers } });
  }

  /** The merchant invites a partner: the invitation, and the token in its link's fragment. */
  async invite(merchant: DashboardSession, partnerId: string, mode = 'test'): Promise<{ invitation: any; token: string }> {
    const answer = await merchant.send('POST', '/auth/partner-invitations', { partner_id: partnerId, mode });
    if (answer.status !== 201) throw new Error(`invitation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return { invitation: answer.body, token: new URL(answer.body.url).hash.slice(1) };
  }

  inspect(token: string): Promise<HttpResult> {
    return this.post('/portal/invitations/inspect', { token });
  }

  acceptAnswer(token: string, email: string, password: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.post('/portal/invitations/accept', { token, email, password }, headers);
  }

  async accept(token: string, email: string, password: string): Promise<DashboardSession> {
    return DashboardSession.from(this.baseUrl, await this.acceptAnswer(token, email, password), 201);
  }

  signInAnswer(email: string, password: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.post('/portal/sign-in', { email, password }, headers);
  }

  async signIn(email: string, password: string): Promise<DashboardSession> {
    return DashboardSession.from(this.baseUrl, await this.signInAnswer(email, password), 200);
  }

  /** A partner of the merchant's (made through the dashboard), invited and signed in to the portal. */
  async partnerSignedIn(merchant: DashboardSession, name: string, mode = 'test'): Promise<{ partnerId: string; email: string; portal: DashboardSession }> {
    const partner = await merchant.send('POST', `/api/${mode}/v1/partners`, {
      name,
      email: `${name.toLowerCase().replace(/\W/g, '')}@partners.example`,
      destination_url: 'https://shop.example/landing?campaign=spring',
    });
    if (partner.status !== 201) throw new Error(`partner answered ${partner.status}: ${JSON.stringify(partner.body)}`);
    const { token } = await this.invite(merchant, partner.body.id, mode);
    const email = `${name.toLowerCase().replace(/\W/g, '')}.${Math.random().toString(36).slice(2, 8)}@portal.example`;
    return { partnerId: partner.body.id, email, portal: await this.accept(token, email, PORTAL_PASSWORD) };
  }
}

export const PORTAL_PASSWORD = 'a partner password';

/** Every value in an answer, as text, to look for what must not be there. */
export function answerText(answer: HttpResult): string {
  return JSON.stringify(answer.body);
}

/**
 * The merchant pays a commission now, through the dashboard: approves it before its hold ends, drafts
 * the USD payouts (500 cents at the least) and marks the partner's paid with `reference`. Its id.
 */
export async function payCommissionNow(owner: DashboardSession, commissionId: string, reference: string): Promise<string> {
  expect((await owner.send('POST', `/api/test/v1/commissions/${commissionId}/approve`)).status).toBe(200);
  const batch = await owner.send(
    'POST',
    '/api/test/v1/payouts',
    { currency: 'usd', minimum_amount_cents: 500 },
    { 'x-csrf-token': owner.csrfToken, 'idempotency-key': randomUUID() },
  );
  expect(batch.status).toBe(201);
  const payoutId = batch.body.payouts[0].id;
  expect((await owner.send('POST', `/api/test/v1/payouts/${payoutId}/mark-paid`, { reference })).status).toBe(200);
  return payoutId;
}
