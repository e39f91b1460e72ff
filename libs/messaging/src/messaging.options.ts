import { StreamSpec } from '@app/domain';

export interface MessagingOptions {
  /** Comma-separated NATS URLs. */
  natsUrl: string;
  /** NATS credentials, when the server requires them. */
  natsUser?: string;
  natsPassword?: string;
  /** Prefix of every subject and stream name. */
  namespace: string;
  /** The connection name NATS shows for this process (e.g. `attribution`). */
  serviceName: string;
  streamReplicas: number;
  publishTimeoutMs: number;
  streams: StreamSpec[];
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
