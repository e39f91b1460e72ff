/** A click as the rules see it. */
export interface ClickTouch {
  clickId: string;
  partnerId: string;
  expiresAt: Date;
}

export interface CreditedTouch<C extends ClickTouch = ClickTouch> {
  partnerId: string;
  /** The click credited with the sale: null when a promo code of another partner won. */
  click: C | null;
  byPromoCode: boolean;
  /** The click was older than its attribution window when the sale happened. */
  expired: boolean;
}

/**
 * Which partner a sale with a promo code and/or a click goes to (the Stripe invoice path and
 * the Conversion API alike). A promo code is the more explicit touch: it needs no window and
 * wins over a click of another partner, which is then not credited. Null: no partner.
 */
export function creditTouch<C extends ClickTouch>(promoCodePartnerId: string | null, click: C | null, occurredAt: Date): CreditedTouch<C> | null {
  const partnerId = promoCodePartnerId ?? click?.partnerId ?? null;
  if (!partnerId) return null;
  const creditedClick = click && click.partnerId === partnerId ? click : null;
  return {
    partnerId,
    click: creditedClick,
    byPromoCode: promoCodePartnerId !== null,
    expired: promoCodePartnerId === null && creditedClick !== null && occurredAt > creditedClick.expiresAt,
  };
}
