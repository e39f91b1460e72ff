import { randomBytes } from 'node:crypto';
import { CreatedWorkspace, CreateWorkspaceUseCase } from '../../apps/tracking/src/accounts/create-workspace/create-workspace.usecase';
import { eventually, http } from './http';
import { completedCheckoutSession, signStripeDelivery, stripeEvent } from './stripe-events';
import { TestSystem } from './system';

export type Keys = CreatedWorkspace['keys'];

export interface PartnerWithClick {
  partnerId: string;
  token: string;
  clickId: string;
}

/** A partner with a referral token and one click on it, made through the public APIs of one mode. */
export async function partnerWithClick(system: TestSystem, sk: string, pk: string, name = 'Partner'): Promise<PartnerWithClick> {
  const partner = await http('POST', `${system.urls.tracking}/v1/partners`, { key: sk, json: { name, destination_url: 'https://shop.example.com/' } });
  if (partner.status !== 201) throw new Error(`partner not created: ${partner.status} ${JSON.stringify(partner.body)}`);
  const token = await http('POST', `${system.urls.tracking}/v1/partners/${partner.body.id}/referral-tokens`, { key: sk, json: {} });
  const click = await http('POST', `${system.urls.tracking}/v1/clicks`, { key: pk, json: { token: token.body.token } });
  if (click.status !== 201) throw new Error(`click not registered: ${click.status} ${JSON.stringify(click.body)}`);
  return { partnerId: partner.body.id, token: token.body.token, clickId: click.body.click_id };
}

/** A new promo code of a partner. */
export async function promoCodeOf(system: TestSystem, sk: string, partnerId: string): Promise<string> {
  const code = `P${randomBytes(4).toString('hex').toUpperCase()}`;
  const created = await http('POST', `${system.urls.tracking}/v1/partners/${partnerId}/promo-codes`, { key: sk, json: { code } });
  if (created.status !== 201) throw new Error(`promo code not created: ${created.status} ${JSON.stringify(created.body)}`);
  return code;
}

/** Another workspace beside the system's own, with its four keys. */
export async function otherWorkspace(system: TestSystem): Promise<CreatedWorkspace> {
  const id = `${system.workspaceId}_${randomBytes(3).toString('hex')}`;
  return (await system.tracking!.get(CreateWorkspaceUseCase).execute({ id, name: 'Other workspace' }))!;
}

/**
 * A sale through a partner's hosted link, as the services see one: a visit through the link (the
 * click), then a signed `checkout.session.completed` naming the click, sent to the gateway; resolves
 * once attribution lists the sale's conversion. `token` is one of the partner's links (a new one by default).
 */
export async function saleThroughLink(
  system: TestSystem,
  partnerId: string,
  options: { token?: string; customerEmail?: string } = {},
): Promise<{ sessionId: string; token: string }> {
  const token =
    options.token ??
    (await http('POST', `${system.urls.tracking}/v1/partners/${partnerId}/referral-tokens`, { key: system.keys.sk_test, json: {} })).body.token;
  const visit = await http('GET', `${system.urls.tracking}/r/${token}`);
  const clickId = new URL(visit.headers.get('location')!).searchParams.get('selgeo_click_id')!;
  const session = completedCheckoutSession({ clientReferenceId: clickId, amountTotal: 4900, customerEmail: options.customerEmail });
  const delivery = signStripeDelivery(stripeEvent('checkout.session.completed', session), system.webhookSecret);
  expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers })).status).toBe(200);
  await eventually(async () => {
    const conversions = await http('GET', `${system.urls.attribution}/v1/conversions?partner_id=${partnerId}`, { key: system.keys.sk_test });
    return conversions.body.data.some((c: { stripe: { checkout_session: string } }) => c.stripe.checkout_session === session.id) ? true : undefined;
  }, 'the conversion');
  return { sessionId: String(session.id), token };
}
