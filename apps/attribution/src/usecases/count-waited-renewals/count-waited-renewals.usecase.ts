import { Injectable } from '@nestjs/common';
import { sweepOrWarn } from '@app/platform';
import { unattributedInvoicesKeptFrom } from '../../retention/unattributed-invoice-window';
import { SaleWaitSweep } from '../../sales/sale-wait-sweep';
import { CountWaitedRenewalsCommand } from './count-waited-renewals.command';

const CUSTOMERS_PER_SWEEP = 200;

/**
 * Invoices of bound customers that the binding's sale does not explain wait for a sale of their own
 * (OWN_SALE_WAIT_SECONDS from their arrival); once the wait is over, none came and they are the
 * bound partner's renewals. Each customer is taken under its lock and its invoices are removed as
 * they are counted. `execute` counts one customer's; `sweep` finds the customers and runs every
 * OWN_SALE_WAIT_SWEEP_INTERVAL_MS.
 */
@Injectable()
export class CountWaitedRenewalsUseCase extends SaleWaitSweep<number> {
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
