import { Inject, Injectable } from '@nestjs/common';
import { Consumers, Streams } from '@app/domain';
import { NatsClient } from '@app/messaging';

/**
 * Whether attribution's copy of the clicks is complete. A click id is returned to the browser
 * only after its event is stored in JetStream, so when the clicks consumer has nothing pending
 * and nothing unacknowledged, a click id still missing from the table names no click at all.
 */
@Injectable()
export class ClickBacklog {
  constructor(@Inject(NatsClient) private readonly nats: NatsClient) {}

  async isDrained(): Promise<boolean> {
    const info = await this.nats.jsm.consumers.info(this.nats.streamName(Streams.clicks.name), Consumers.attributionClicks);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }
}
