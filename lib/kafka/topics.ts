import { Admin } from '@platformatic/kafka';
import { describeError } from './errors';

/**
 * Creates the topics if they do not exist yet (1 partition, replication 1 unless told),
 * with `configs` as their topic-level settings (e.g. min.insync.replicas).
 * Safe to call concurrently from several processes: "already exists" is success.
 * `retries` is the client's per-operation retry count (1 s apart); callers that run their
 * own retry loop pass 0 so that an outage surfaces at once.
 */
export async function ensureTopics(
  brokers: string[],
  topics: string[],
  partitions = 1,
  replicas = 1,
  retries = 3,
  configs: Record<string, string> = {},
): Promise<void> {
  const admin = new Admin({ clientId: 'cutover-admin', bootstrapBrokers: brokers, retries });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        topics: missing,
        partitions,
        replicas,
        configs: Object.entries(configs).map(([name, value]) => ({ name, value })),
      });
    } catch (err) {
      if (!/already exists/i.test(describeError(err))) throw err;
    }
  } finally {
    await admin.close();
  }
}
