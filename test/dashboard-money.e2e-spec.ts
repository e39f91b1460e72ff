import { formatMoney, fractionDigits, parseMoney } from '../apps/dashboard/web/src/shared/money';

/** The dashboard shows money from minor units with the currency's own decimals, and reads typed amounts back exactly. */
describe("the dashboard's money", () => {
  it('shows minor units with the decimals of their currency', () => {
    expect(formatMoney(4900, 'usd')).toBe('$49.00');
    expect(formatMoney(4900, 'jpy')).toBe('¥4,900');
    expect(formatMoney(1234, 'kwd').replace(/\s/g, ' ')).toBe('KWD 1.234');
    expect(formatMoney(5, 'eur')).toBe('€0.05');
    expect(fractionDigits('jpy')).toBe(0);
  });

  it('says so when there is no currency or an unknown one', () => {
    expect(formatMoney(0, null)).toBe('—');
    expect(formatMoney(120, 'zz1')).toBe('120 ZZ1 (minor units)');
  });

  it('reads a typed amount into minor units without floating-point error', () => {
    expect(parseMoney('0.29', 'usd')).toBe(29);
    expect(parseMoney('1.1', 'usd')).toBe(110);
    expect(parseMoney('25', 'usd')).toBe(2500);
    expect(parseMoney('700', 'jpy')).toBe(700);
    expect(parseMoney('7.5', 'jpy')).toBeNull();
    expect(parseMoney('1.234', 'usd')).toBeNull();
    expect(parseMoney('-5', 'usd')).toBeNull();
    expect(parseMoney('abc', 'usd')).toBeNull();
  });
});
