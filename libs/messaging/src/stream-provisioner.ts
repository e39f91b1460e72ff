import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import { MessagingOptions } from './messaging.options';

const STREAM_NAME_IN_USE = 10058;

/**
 * Creates or updates every stream the product uses. Idempotent and safe to run from every
 * replica at once: JetStream accepts an identical `add`, and a changed config becomes an update.
 */
export async function provisionStreams(jsm: JetStreamManager, options: MessagingOptions): Promise<void> {
  for (const spec of options.streams) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: `${options.namespace.toUpperCase()}_${spec.name}`,
      subjects: spec.subjects.map((s) => `${options.namespace}.${s}`),
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      num_replicas: options.streamReplicas,
      max_age: nanos(spec.maxAgeDays * 86_400_000),
      duplicate_window: nanos(spec.duplicateWindowSeconds * 1000),
    };
    try {
      await jsm.streams.add(config);
    } catch (err) {
      if ((err as { api_error?: { err_code?: number } }).api_error?.err_code !== STREAM_NAME_IN_USE) throw err;
      await jsm.streams.update(config.name, config);
    }
  }
}
