import { Inject, Injectable } from '@nestjs/common';
import { StreamSpec } from '@app/domain';
import { NatsClient } from '@app/messaging';

/**
 * Whether attribution's copy of a reference stream (clicks, promo codes) is complete. A click id
 * is returned to the browser only after its event is stored in JetStream, so when the consumer
 * has nothing pending and nothing unacknowledged, an id still missing from our table names
 * nothing at all; while it has a backlog, the id may be on its way.
 */
@Injectable()
export class ConsumerBacklog {
  constructor(@Inject(NatsClient) private readonly nats: NatsClient) {}

  async isDrained(stream: StreamSpec, durable: string): Promise<boolean> {
    const info = await this.nats.jsm.consumers.info(this.nats.streamName(stream.name), durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }
}
