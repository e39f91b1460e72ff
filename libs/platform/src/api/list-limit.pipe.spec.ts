import { BadRequestException } from '@nestjs/common';
import { ListLimitPipe } from './list-limit.pipe';

describe('ListLimitPipe', () => {
  const pipe = new ListLimitPipe();

  it('takes 50 when no limit is given and the number given from 1 to 100', () => {
    expect([pipe.transform(undefined), pipe.transform('1'), pipe.transform('100')]).toEqual([50, 1, 100]);
  });

  it.each(['0', '101', '2.5', 'ten', ''])('refuses %p', (value) => {
    expect(() => pipe.transform(value)).toThrow(new BadRequestException('limit must be a whole number from 1 to 100'));
  });
});
