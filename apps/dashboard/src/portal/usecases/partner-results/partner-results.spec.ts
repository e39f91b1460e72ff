import { BadRequestException } from '@nestjs/common';
import { counted, resultsByDay, resultsPeriod, summaryRange } from './partner-results';

describe("a partner's results", () => {
  const now = new Date('2026-11-29T15:00:00Z');

  it('cover the last 30 days, today included, unless a period is asked for', () => {
    expect(resultsPeriod(undefined, undefined, now)).toEqual({ from: '2026-10-31', to: '2026-11-29' });
    expect(resultsPeriod('2026-01-01', undefined, now)).toEqual({ from: '2026-01-01', to: '2026-01-30' });
    expect(resultsPeriod(undefined, '2026-01-30', now)).toEqual({ from: '2026-01-01', to: '2026-01-30' });
    expect(summaryRange({ from: '2026-01-01', to: '2026-01-31' })).toBe('created_gte=2026-01-01&created_lt=2026-02-01');
  });

  it.each([
    ['2026-02-30', undefined, /from must be a date/],
    ['2026-1-1', undefined, /from must be a date/],
    ['2026-03-02', '2026-03-01', /must not be after/],
    ['2025-01-01', '2026-01-02', /at most 366 days/],
  ])('refuses from=%s to=%s with words', (from, to, message) => {
    expect(() => resultsPeriod(from, to, now)).toThrow(BadRequestException);
    expect(() => resultsPeriod(from, to, now)).toThrow(message);
  });

  it('lists every day, and keeps currencies apart, net of refunds', () => {
    const days = resultsByDay(
      { from: '2026-01-01', to: '2026-01-03' },
      [
        { day: '2026-01-01', clicks: 0 },
        { day: '2026-01-02', clicks: 4 },
      ],
      [
        { day: '2026-01-02', currency: 'usd', conversions: 2, revenue_cents: 9800, refunded_cents: 1000 },
        { day: '2026-01-02', currency: 'eur', conversions: 1, revenue_cents: 500, refunded_cents: 0 },
        { day: '2026-01-02', currency: null, conversions: 1, revenue_cents: 0, refunded_cents: 0 },
      ],
    );
    expect(days).toEqual([
      { date: '2026-01-01', clicks: 0, conversions: 0, revenue: [] },
      {
        date: '2026-01-02',
        clicks: 4,
        conversions: 4,
        revenue: [
          { currency: 'eur', amount_cents: 500 },
          { currency: 'usd', amount_cents: 8800 },
        ],
      },
      { date: '2026-01-03', clicks: 0, conversions: 0, revenue: [] },
    ]);
    expect(counted(1, []).revenue).toEqual([]);
  });
});
