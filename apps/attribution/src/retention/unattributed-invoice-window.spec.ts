import { renewalsFrom, unattributedInvoicesKeptFrom } from './unattributed-invoice-window';

const now = new Date('2026-11-29T12:00:00Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('the window of unattributed invoices an event reads', () => {
  it('starts the retention before now', () => {
    expect(unattributedInvoicesKeptFrom(45, now)).toEqual(daysBefore(45));
    expect(unattributedInvoicesKeptFrom(10, now)).toEqual(daysBefore(10));
  });

  it('gives a binding its renewals from its sale, or from the oldest invoice still kept when the sale is older', () => {
    expect(renewalsFrom(daysBefore(3), 45, now)).toEqual(daysBefore(3));
    expect(renewalsFrom(daysBefore(300), 45, now)).toEqual(daysBefore(45));
  });
});
