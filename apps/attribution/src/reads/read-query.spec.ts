import { BadRequestException } from '@nestjs/common';
import { createdRange, groupingParam, instantParam, oneOfParam, partnerIdParam, referralTokenParam, summaryPeriod } from './read-query';

const refused = (message: string) => new BadRequestException(message);
const ISO_HINT = 'must be an ISO 8601 date (2026-01-31, midnight UTC) or date-time with an offset (2026-01-31T12:00:00Z)';

describe('read queries', () => {
  describe('instantParam', () => {
    it('reads a date as midnight UTC and a date-time with its offset', () => {
      expect(instantParam('created_gte', '2026-01-31')).toEqual(new Date('2026-01-31T00:00:00Z'));
      expect(instantParam('created_gte', '2026-01-31T12:00:00+02:00')).toEqual(new Date('2026-01-31T10:00:00Z'));
      expect(instantParam('created_gte', '2026-01-31T12:00Z')).toEqual(new Date('2026-01-31T12:00:00Z'));
      expect(instantParam('created_gte', undefined)).toBeUndefined();
    });

    it.each(['yesterday', '2026-02-30', '2026-01-31T12:00:00', '2026-13-01', '1706659200', '2026-01-31T25:00:00Z'])('refuses %p', (value) => {
      expect(() => instantParam('created_lt', value)).toThrow(refused(`created_lt ${ISO_HINT}`));
    });

    it('refuses a parameter given twice', () => {
      expect(() => instantParam('created_lt', ['2026-01-01', '2026-01-02'])).toThrow(refused('created_lt must be given once'));
    });
  });

  it('oneOfParam names the allowed values', () => {
    expect(oneOfParam('status', 'pending', ['pending', 'converted'])).toBe('pending');
    expect(() => oneOfParam('status', 'paid', ['pending', 'converted'])).toThrow(refused('status must be one of: pending, converted'));
  });

  it('partnerIdParam takes a UUID in any case', () => {
    expect(partnerIdParam('0F6C2E4A-1B2C-4D5E-8F90-A1B2C3D4E5F6')).toBe('0f6c2e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6');
    expect(() => partnerIdParam('ada')).toThrow(refused('partner_id must be a partner id (a UUID)'));
  });

  it('createdRange refuses an empty period', () => {
    expect(createdRange('2026-01-02', undefined)).toEqual({ createdGte: new Date('2026-01-02T00:00:00Z'), createdLt: undefined });
    expect(() => createdRange('2026-01-02', '2026-01-02')).toThrow(refused('created_gte must be before created_lt'));
  });

  describe('summaryPeriod', () => {
    const now = new Date('2026-03-15T18:30:00Z');

    it('is the last 30 days, today (UTC) included, by default', () => {
      expect(summaryPeriod(undefined, undefined, now)).toEqual({ from: new Date('2026-02-14T00:00:00Z'), to: new Date('2026-03-16T00:00:00Z') });
    });

    it('keeps 30 days from or to the one end given', () => {
      expect(summaryPeriod('2026-01-01', undefined, now)).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-31T00:00:00Z') });
      expect(summaryPeriod(undefined, '2026-01-31', now)).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-31T00:00:00Z') });
    });

    it('takes up to 366 days and refuses more', () => {
      expect(summaryPeriod('2025-01-01', '2026-01-02', now).from).toEqual(new Date('2025-01-01T00:00:00Z'));
      expect(() => summaryPeriod('2025-01-01', '2026-01-03', now)).toThrow(
        refused('created_gte and created_lt may be at most 366 days apart: ask for a longer period in several parts'),
      );
    });
  });

  it('referralTokenParam takes a token in any case, and refuses what no token can be', () => {
    expect(referralTokenParam(undefined)).toBeUndefined();
    expect(referralTokenParam('Ada-Spring')).toBe('ada-spring');
    for (const bad of ['ab', 'a b', '-ada', 'x'.repeat(65)]) expect(() => referralTokenParam(bad)).toThrow(/^referral_token must be a referral token/);
    expect(() => referralTokenParam(['a1b', 'c2d'])).toThrow(refused('referral_token must be given once'));
  });

  it('groupingParam is day unless partner or referral_token is asked for', () => {
    expect(groupingParam(undefined)).toBe('day');
    expect(groupingParam('partner')).toBe('partner');
    expect(groupingParam('referral_token')).toBe('referral_token');
    expect(() => groupingParam('week')).toThrow(refused('group_by must be one of: day, partner, referral_token'));
  });
});
