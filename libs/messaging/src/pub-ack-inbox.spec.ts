import { headers } from 'nats';
import { NotStoredError, readPubAck } from './pub-ack-inbox';

/** A reply as nats.js hands it over: a status line (e.g. 503 No Responders) comes as the headers' code. */
const reply = (body: string, status?: number) => ({
  data: new TextEncoder().encode(body),
  headers: status ? headers(status, 'status') : undefined,
});

describe('readPubAck (what a reply to a JetStream publish says)', () => {
  it('reads a stored message, with its duplicate flag and domain', () => {
    expect(readPubAck(reply('{"stream":"SELGEO_CLICKS","seq":42}'))).toEqual({ stream: 'SELGEO_CLICKS', seq: 42, duplicate: false });
    expect(readPubAck(reply('{"stream":"SELGEO_CLICKS","seq":42,"duplicate":true,"domain":"hub"}'))).toEqual({
      stream: 'SELGEO_CLICKS',
      seq: 42,
      duplicate: true,
      domain: 'hub',
    });
  });

  it("names JetStream's refusal, with its error code", () => {
    const answer = readPubAck(reply('{"error":{"code":400,"err_code":10060,"description":"expected stream does not match"}}'));
    expect(answer).toBeInstanceOf(NotStoredError);
    expect((answer as Error).message).toBe('JetStream refused the message: expected stream does not match (10060)');
  });

  it('tells "no stream on this subject" (an empty 503) from any other empty reply', () => {
    expect((readPubAck(reply('', 503)) as Error).message).toMatch(/no JetStream stream stores this subject/);
    expect((readPubAck(reply('', 408)) as Error).message).toBe('unexpected empty reply from NATS (status 408)');
    expect((readPubAck(reply('')) as Error).message).toBe('unexpected empty reply from NATS (status none)');
  });

  it('never takes a reply without a stream and a sequence, or one that is not JSON, as stored', () => {
    for (const body of ['{"stream":"","seq":1}', '{"stream":"S"}', '{"seq":1}', '{"stream":"S","seq":"1"}', 'not json', '[]', 'null', '7']) {
      expect(readPubAck(reply(body))).toBeInstanceOf(NotStoredError);
    }
  });
});
