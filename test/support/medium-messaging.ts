import { connect } from 'nats';
import { StreamSpec } from '@app/domain';
import { MessagingModule } from '@app/messaging';
import { TEST_NATS_URL } from './test-env';

/** The messaging module of a medium spec: its own namespace and streams on the real NATS. */
export function mediumSpecMessaging(namespace: string, serviceName: string, streams: StreamSpec[]) {
  return MessagingModule.forRoot({ natsUrl: TEST_NATS_URL, namespace, serviceName, streamReplicas: 1, publishTimeoutMs: 3000, streams });
}

/** Removes a medium spec's streams and key-value buckets, over a connection of its own (the spec's may be closed by then). */
export async function deleteMediumSpecStreams(namespace: string, streams: StreamSpec[]): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  const jsm = await nc.jetstreamManager();
  for (const stream of streams) await jsm.streams.delete(`${namespace.toUpperCase()}_${stream.name}`).catch(() => undefined);
  // The transport's key-value buckets (failure counts) are streams named KV_<namespace>_<bucket>.
  for (const name of await jsm.streams.names().next()) if (name.startsWith(`KV_${namespace}_`)) await jsm.streams.delete(name).catch(() => undefined);
  await nc.close();
}
