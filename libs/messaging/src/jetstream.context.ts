import { BaseRpcContext } from '@nestjs/microservices';
import { JsMsg } from 'nats';

/** What a JetStream handler may know about the message it is handling. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, string]> {
  getMessage(): JsMsg {
    return this.args[0];
  }

  /** The subject without the deployment's namespace, e.g. `stripe.event.invoice.paid`. */
  getSubject(): string {
    return this.args[1];
  }

  /** When JetStream stored the message: the moment it entered the system. */
  getStoredAt(): Date {
    return new Date(Math.floor(this.args[0].info.timestampNanos / 1e6));
  }

  /** 1 on the first delivery. */
  getDeliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
}
