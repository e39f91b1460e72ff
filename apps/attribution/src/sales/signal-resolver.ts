import { Inject, Injectable } from '@nestjs/common';
import { Consumers, Streams, StreamSpec } from '@app/domain';
import { RetryLaterError } from '@app/messaging';
import { AttributionTransaction, KnownClick } from '../attribution.store';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { ConsumerBacklog } from './consumer-backlog';

const RETRY_DELAY_MS = 2000;

/** Turns the ids an event names into the clicks and promo codes attribution knows. */
@Injectable()
export class SignalResolver {
  constructor(
    @Inject(ConsumerBacklog) private readonly backlog: ConsumerBacklog,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  /**
   * The first candidate that names a click of this workspace and mode. A candidate not yet in our
   * copy may still be on its way through the clicks stream: while that stream has a backlog, the
   * event is retried rather than attributed to a lower-ranked candidate (bounded, see config).
   */
  async click(tx: AttributionTransaction, candidates: string[], deliveryCount: number): Promise<KnownClick | null> {
    const known = await tx.findClicks(candidates);
    for (const id of candidates) {
      const click = known.get(id);
      if (click) return click;
      await this.waitIfBacklogged(Streams.clicks, Consumers.attributionClicks, deliveryCount, `click ${id}`);
    }
    return null;
  }

  /** The partner owning a promo code, waiting the same way for codes still in flight. */
  async promoCodePartner(tx: AttributionTransaction, code: string, deliveryCount: number): Promise<string | null> {
    const partner = await tx.findPromoCodePartner(code);
    if (partner) return partner;
    await this.waitIfBacklogged(Streams.promoCodes, Consumers.attributionPromoCodes, deliveryCount, `promo code ${code}`);
    return null;
  }

  private async waitIfBacklogged(stream: StreamSpec, durable: string, deliveryCount: number, what: string): Promise<void> {
    if (deliveryCount < this.config.CLICK_BACKLOG_MAX_DELIVERIES && !(await this.backlog.isDrained(stream, durable))) {
      throw new RetryLaterError(`${what} unknown while ${stream.name} has a backlog`, RETRY_DELAY_MS);
    }
  }
}
