import { centsOf } from './summaries.repository';

describe('centsOf', () => {
  it('answers a sum of minor units as a number while JavaScript holds it exactly', () => {
    expect(centsOf('0')).toBe(0);
    expect(centsOf('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses to round a larger sum', () => {
    expect(() => centsOf('9007199254740993')).toThrow(RangeError);
  });
});
