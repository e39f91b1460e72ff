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

  /** 1 on the first delivery; handlers use it to bound how long they wait for something. */
  getDeliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
}
