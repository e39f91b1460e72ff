import { renewalsFrom, unattributedInvoicesKeptFrom } from './unattributed-invoice-window';

const now = new Date('2026-11-29T12:00:00Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('the window of unattributed invoices an event reads', () => {
  it('starts UNATTRIBUTED_INVOICE_RETENTION_DAYS before now, 45 days by default', () => {
    expect(unattributedInvoicesKeptFrom(now, {})).toEqual(daysBefore(45));
    expect(unattributedInvoicesKeptFrom(now, { UNATTRIBUTED_INVOICE_RETENTION_DAYS: '10' })).toEqual(daysBefore(10));
  });

  it('gives a binding its renewals from its sale, or from the oldest invoice still kept when the sale is older', () => {
    expect(renewalsFrom(daysBefore(3), now, {})).toEqual(daysBefore(3));
    expect(renewalsFrom(daysBefore(300), now, {})).toEqual(daysBefore(45));
  });

  it('refuses a setting start-up would have refused', () => {
    expect(() => unattributedInvoicesKeptFrom(now, { UNATTRIBUTED_INVOICE_RETENTION_DAYS: '0' })).toThrow(/7 to 400 days/);
  });
});
