import { BadRequestException } from '@nestjs/common';
import { partnerSearchOf } from './partner-search';

describe('partnerSearchOf', () => {
  it('lists every partner when there is no q', () => {
    expect(partnerSearchOf(undefined)).toBeUndefined();
  });

  it('reads a partner id as that partner, in any letter case', () => {
    expect(partnerSearchOf(' 0F6C2E4A-1B2C-4D5E-8F90-A1B2C3D4E5F6 ')).toEqual({ id: '0f6c2e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6' });
  });

  it('reads anything else as the start of a name or an email, trimmed', () => {
    expect(partnerSearchOf('  Ada L ')).toEqual({ prefix: 'Ada L' });
    expect(partnerSearchOf('50%_off')).toEqual({ prefix: '50%_off' });
  });

  it.each([
    ['', 'q must not be empty: leave it out to list every partner'],
    ['   ', 'q must not be empty: leave it out to list every partner'],
    ['x'.repeat(201), 'q must be at most 200 characters'],
    ['a\u0000b', 'q must not contain NUL characters'],
  ])('refuses %p', (q, message) => {
    expect(() => partnerSearchOf(q)).toThrow(new BadRequestException(message));
  });

  it('refuses q given twice', () => {
    expect(() => partnerSearchOf(['a', 'b'])).toThrow(new BadRequestException('q must be given once'));
  });
});
