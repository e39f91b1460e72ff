import { ExecutionContext, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { TrackingConfig } from '../config';
import { OperatorGuard } from './operator.guard';

const TOKEN = 'x'.repeat(40);
const request = (authorization?: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }) }) }) as unknown as ExecutionContext;

describe('OperatorGuard', () => {
  const guard = new OperatorGuard({ ADMIN_API_TOKEN: TOKEN } as TrackingConfig);

  it('lets the operator credential through', () => {
    expect(guard.canActivate(request(`Bearer ${TOKEN}`))).toBe(true);
  });

  it.each([
    ['no credential', undefined],
    ['another scheme', `Basic ${TOKEN}`],
    ['a wrong token', `Bearer ${'y'.repeat(40)}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 39)}`],
  ])('refuses %s with 401', (_name, header) => {
    expect(() => guard.canActivate(request(header))).toThrow(UnauthorizedException);
  });

  it('answers 404 for every request while ADMIN_API_TOKEN is unset', () => {
    const off = new OperatorGuard({} as TrackingConfig);
    expect(() => off.canActivate(request(`Bearer ${TOKEN}`))).toThrow(NotFoundException);
  });
});
