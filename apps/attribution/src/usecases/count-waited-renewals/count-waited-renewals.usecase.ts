import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep, sweepOrWarn } from '@app/platform';
import { AttributionStore } from '../../attribution.store';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../../config';
import { unattributedInvoicesKeptFrom } from '../../retention/unattributed-invoice-window';
import { SaleRecorder } from '../../sales/sale-recorder';
import { CountWaitedRenewalsCommand } from './count-waited-renewals.command';

const CUSTOMERS_PER_SWEEP = 200;

/**
 * Invoices of bound customers that the binding's sale does not explain wait for a sale of their own
 * (OWN_SALE_WAIT_SECONDS from their arrival); once the wait is over, none came and they are the
 * bound partner's renewals. Every replica sweeps: each customer is taken under its lock and its
 * invoices are removed as they are counted, so a renewal is counted once whoever sweeps. `execute`
 * counts one customer's; `sweep` finds the customers and runs every OWN_SALE_WAIT_SWEEP_INTERVAL_MS.
 */
@Injectable()
export class CountWaitedRenewalsUseCase extends PeriodicSweep<number> {
  private readonly logger = new Logger('Attribution');

  constructor(
    private readonly store: AttributionStore,
    private readonly sales: SaleRecorder,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {
    super();
  }

  protected sweepIntervalMs(): number {
    return this.config.OWN_SALE_WAIT_SWEEP_INTERVAL_MS;
  }

  /** One sweep; resolves to the renewals it counted. A sweep still running is joined, not doubled. */
  sweep(): Promise<number> {
    return this.sweepNow();
  }

  /** Counts the customer's waited invoices as renewals of the partner it is bound to; resolves to how many. */
  execute(command: CountWaitedRenewalsCommand): Promise<number> {
    const { workspaceId, mode, customerId, waitedBefore } = command;
    return this.store.transaction(workspaceId, mode, async (tx) => {
      await tx.lockCustomer(customerId);
      const binding = await tx.findBinding(customerId);
      if (!binding) return 0;
      const claim = { subscriptionId: binding.subscriptionId, waitedBefore };
      const initial = { conversionId: binding.conversionId, occurredAt: binding.boundFrom, referralToken: binding.referralToken };
      return this.sales.claimRenewals(tx, customerId, binding.partnerId, initial, claim, 'once it had waited for a sale of its own');
    });
  }

  protected async sweepOnce(): Promise<number> {
    let counted = 0;
    // On a failure the invoices are still kept: the next sweep tries again.
    await sweepOrWarn(this.logger, 'sweep of waiting invoices failed', async () => {
      const waitedBefore = this.sales.waitedBefore();
      const keptFrom = unattributedInvoicesKeptFrom(this.config.UNATTRIBUTED_INVOICE_RETENTION_DAYS);
      for (const customer of await this.store.customersWithWaitedRenewals(waitedBefore, keptFrom, CUSTOMERS_PER_SWEEP)) {
        counted += await this.execute({ ...customer, waitedBefore });
      }
      if (counted > 0) this.logger.log({ msg: 'invoices counted as renewals after their wait', renewals: counted });
    });
    return counted;
  }
}
