import { csvField, formatAmount, payoutsCsv } from './payouts-csv';

describe('payouts CSV', () => {
  it('writes three-decimal currencies with three places', () => {
    expect([formatAmount(1230, 'kwd'), formatAmount(-5, 'BHD'), formatAmount(1230, 'usd')]).toEqual(['1.230', '-0.005', '12.30']);
  });

  it('writes amounts from integers, in the currency own decimals', () => {
    expect([formatAmount(2000, 'usd'), formatAmount(5, 'eur'), formatAmount(-1050, 'usd'), formatAmount(500, 'jpy'), formatAmount(500, 'JPY')]).toEqual([
      '20.00',
      '0.05',
      '-10.50',
      '500',
      '500',
    ]);
  });

  it('quotes fields and defuses spreadsheet formulas', () => {
    expect([csvField('Ada'), csvField('A, "B"'), csvField('=HYPERLINK("x")'), csvField('-1')]).toEqual(['Ada', '"A, ""B"""', `"'=HYPERLINK(""x"")"`, "'-1"]);
  });

  it('has one row per partner', () => {
    const at = new Date('2026-02-03T04:05:06Z');
    expect(
      payoutsCsv([
        {
          partnerId: 'p',
          name: 'Ada',
          email: 'ada@example.com',
          reference: 'Invoice, 12',
          amountCents: 1234,
          currency: 'usd',
          periodStart: at,
          periodEnd: at,
          count: 3,
          status: 'draft',
        },
      ]),
    ).toBe(
      'partner_id,name,email,amount,amount_cents,currency,period_start,period_end,count,status,reference\r\np,Ada,ada@example.com,12.34,1234,USD,2026-02-03,2026-02-03,3,draft,"Invoice, 12"\r\n',
    );
  });
});
