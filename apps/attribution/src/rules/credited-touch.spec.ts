import { creditTouch } from './credited-touch';

const click = (partnerId: string, expiresAt = '2026-02-01T00:00:00Z') => ({ clickId: 'c1', partnerId, expiresAt: new Date(expiresAt) });
const at = new Date('2026-01-15T00:00:00Z');

describe('creditTouch', () => {
  it('credits nobody without a promo code or a click', () => {
    expect(creditTouch(null, null, at)).toBeNull();
  });

  it('credits the click within its window', () => {
    expect(creditTouch(null, click('p1'), at)).toEqual({ partnerId: 'p1', click: click('p1'), byPromoCode: false, expired: false });
  });

  it('marks a click older than its window as expired, still naming its partner', () => {
    expect(creditTouch(null, click('p1', '2026-01-01T00:00:00Z'), at)).toMatchObject({ partnerId: 'p1', expired: true });
  });

  it('lets a promo code win over a click of another partner, which is then not credited', () => {
    expect(creditTouch('p2', click('p1'), at)).toEqual({ partnerId: 'p2', click: null, byPromoCode: true, expired: false });
  });

  it('credits both when they agree, and a promo code never expires', () => {
    expect(creditTouch('p1', click('p1', '2026-01-01T00:00:00Z'), at)).toEqual({
      partnerId: 'p1',
      click: click('p1', '2026-01-01T00:00:00Z'),
      byPromoCode: true,
      expired: false,
    });
  });
});
