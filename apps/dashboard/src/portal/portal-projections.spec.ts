import { portalConversion, portalLink, portalPayout, refUrl } from './portal-projections';

describe("the portal's projections", () => {
  it('keep nothing of a conversion the partner may not see, whatever the service adds', () => {
    const conversion = {
      id: 'c1',
      object: 'conversion',
      kind: 'sale',
      status: 'converted',
      amount_cents: 4900,
      currency: 'usd',
      refunded_amount_cents: 0,
      promo_code: null,
      referral_token: 'ada',
      occurred_at: '2026-11-01T00:00:00.000Z',
      customer_email: 'buyer@example.com',
      click_id: 'clk_1',
      stripe: { customer: 'cus_1', invoice: 'in_1', checkout_session: 'cs_1', subscription: 'sub_1' },
      external_transaction_id: 'order-1',
      a_field_added_later: 'secret',
    };
    const shown = portalConversion(conversion);
    expect(shown).toEqual({
      id: 'c1',
      object: 'portal_conversion',
      order_reference: 'c1',
      kind: 'sale',
      status: 'converted',
      amount_cents: 4900,
      currency: 'usd',
      refunded_amount_cents: 0,
      referral_token: 'ada',
      promo_code: null,
      occurred_at: '2026-11-01T00:00:00.000Z',
    });
  });

  it('shows a conversion without its link as such before attribution records the link', () => {
    expect(portalConversion({ id: 'c2' }).referral_token).toBeNull();
  });

  it("keeps a payout's lines, and only their own fields", () => {
    const shown = portalPayout({ id: 'p1', partner_id: 'x', batch_id: 'b', lines: [{ type: 'commission', commission_id: 'k', amount_cents: 5, extra: 1 }] });
    expect(shown).not.toHaveProperty('partner_id');
    expect(shown).not.toHaveProperty('batch_id');
    expect(shown.lines).toEqual([{ type: 'commission', commission_id: 'k', adjustment_id: null, amount_cents: 5 }]);
  });

  it("adds ?ref= to the merchant's page, keeping its own query", () => {
    expect(refUrl('https://shop.example/pricing?plan=pro#top', 'ada')).toBe('https://shop.example/pricing?plan=pro&ref=ada#top');
    expect(refUrl('https://shop.example/?ref=old', 'ada')).toBe('https://shop.example/?ref=ada');
  });

  it('names the hosted link on the public tracking address, and a token without a label or adder as the merchant’s', () => {
    expect(portalLink({ token: 'ada', created_at: 't' }, 'https://shop.example/', 'https://t.example/')).toEqual({
      token: 'ada',
      label: null,
      added_by: 'merchant',
      hosted_url: 'https://t.example/r/ada',
      ref_url: 'https://shop.example/?ref=ada',
      created_at: 't',
    });
  });
});
