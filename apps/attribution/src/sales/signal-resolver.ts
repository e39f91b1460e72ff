import { Injectable } from '@nestjs/common';
import { Consumers, Streams, StreamSpec } from '@app/domain';
import { AttributionTransaction, KnownClick } from '../attribution-transaction';
import { ReferenceStreamProgress, SaleArrival } from './reference-stream-progress';

/** A stream attribution copies into its own tables, with the durable consumer that copies it. */
export interface ReferenceStream {
  stream: StreamSpec;
  durable: string;
}

export const CLICKS: ReferenceStream = { stream: Streams.clicks, durable: Consumers.attributionClicks };
export const PROMO_CODES: ReferenceStream = { stream: Streams.promoCodes, durable: Consumers.attributionPromoCodes };

/** The reference streams known to hold nothing more for a sale: their names. */
export type CompleteStreams = ReadonlySet<string>;

/**
 * A named click or promo code is not in our copy, and its stream may still carry it. Thrown inside
 * a transaction, which is then rolled back: the wait happens outside (`awaitStream`).
 */
export class SignalInFlightError extends Error {
  constructor(
    readonly reference: ReferenceStream,
    what: string,
  ) {
    super(`${what} is not known yet and ${reference.stream.name} may still carry it`);
    this.name = 'SignalInFlightError';
  }
}

/** Turns the ids a sale names into the clicks and promo codes attribution knows. */
@Injectable()
export class SignalResolver {
  constructor(private readonly progress: ReferenceStreamProgress) {}

  /**
   * The first candidate that names a click of this workspace and mode. A candidate missing from our
   * copy may still be on its way through the clicks stream: until that stream is known complete for
   * this sale, the decision stops (SignalInFlightError) rather than credit a lower-ranked candidate.
   */
  async click(tx: AttributionTransaction, candidates: string[], complete: CompleteStreams): Promise<KnownClick | null> {
    const known = await tx.findClicks(candidates);
    for (const id of candidates) {
      const click = known.get(id);
      if (click) return click;
      if (!complete.has(CLICKS.stream.name)) throw new SignalInFlightError(CLICKS, `click ${id}`);
    }
    return null;
  }

  /** The partner owning a promo code, stopping the same way for a code that may be in flight. */
  async promoCodePartner(tx: AttributionTransaction, code: string, complete: CompleteStreams): Promise<string | null> {
    const partner = await tx.findPromoCodePartner(code);
    if (partner || complete.has(PROMO_CODES.stream.name)) return partner;
    throw new SignalInFlightError(PROMO_CODES, `promo code ${code}`);
  }

  /**
   * Waits, for at most `maxWaitMs` and holding no database connection, until our copy of the stream
   * has everything stored before the sale arrived; true when it has. The wait is bounded by that one
   * point, not by traffic that arrives afterwards.
   */
  awaitStream(arrival: SaleArrival, reference: ReferenceStream, maxWaitMs: number): Promise<boolean> {
    return this.progress.waitUntilPassed(reference.stream, reference.durable, arrival, maxWaitMs);
  }
}
