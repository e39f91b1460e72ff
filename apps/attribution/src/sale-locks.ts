import { Mode } from '@app/domain';

/**
 * The advisory locks that serialise work on one sale and one customer, across replicas and paths
 * (Stripe events, Conversion API reports, the sweep). Every transaction takes its sale locks first,
 * in sorted order, and its customer's last: one order everywhere, so none can deadlock another.
 */
export function saleLockKey(workspaceId: string, mode: Mode, stripeId: string): string {
  return `${workspaceId}:${mode}:sale:${stripeId}`;
}

export function customerLockKey(workspaceId: string, mode: Mode, customerId: string): string {
  return `${workspaceId}:${mode}:${customerId}`;
}

/** Sale locks sorted, then the customer's: the order every transaction takes them in. */
export function lockOrder(workspaceId: string, mode: Mode, saleIds: string[], customerId: string | null): string[] {
  const sales = [...new Set(saleIds)].map((id) => saleLockKey(workspaceId, mode, id)).sort();
  return customerId ? [...sales, customerLockKey(workspaceId, mode, customerId)] : sales;
}
