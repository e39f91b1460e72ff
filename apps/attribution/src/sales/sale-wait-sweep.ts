import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep } from '@app/platform';
import { AttributionStore } from '../attribution.store';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { SaleRecorder } from './sale-recorder';

/**
 * A sweep of what the attribution keeps waiting for a sale (kept refunds and disputes, invoices of
 * bound customers): each is settled through the SaleRecorder, under the store's transactions, once
 * its sale is known or its wait is over. Every replica sweeps; what is settled is removed under its
 * locks, so it is settled once whoever sweeps.
 */
@Injectable()
export abstract class SaleWaitSweep<T> extends PeriodicSweep<T> {
  protected readonly logger = new Logger('Attribution');

  constructor(
    protected readonly store: AttributionStore,
    protected readonly sales: SaleRecorder,
    @Inject(ATTRIBUTION_CONFIG) protected readonly config: AttributionConfig,
  ) {
    super();
  }
}
