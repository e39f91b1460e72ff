import { STATEMENT_TIMEOUT_MS } from '@app/persistence';
import { ACK_WAIT_MS, redeliveryDelayMs } from './jetstream.server';

describe('JetStreamServer timing', () => {
  it('waits for an ack longer than one statement may run, so a slow delivery is never run twice at once', () => {
    expect(STATEMENT_TIMEOUT_MS).toBeGreaterThan(0);
    expect(ACK_WAIT_MS).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS + 5_000);
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    expect([1, 2, 3, 6, 20].map((n) => redeliveryDelayMs(n))).toEqual([1000, 2000, 4000, 30_000, 30_000]);
  });
});
