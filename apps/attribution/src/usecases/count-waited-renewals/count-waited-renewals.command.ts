import type { Mode } from '@app/domain';

/** A bound customer the sweep found with kept invoices that have waited for a sale of their own. */
export interface CountWaitedRenewalsCommand {
  workspaceId: string;
  mode: Mode;
  customerId: string;
  /** Invoices that arrived before this have waited OWN_SALE_WAIT_SECONDS (`SaleRecorder.waitedBefore()`). */
  waitedBefore: Date;
}
