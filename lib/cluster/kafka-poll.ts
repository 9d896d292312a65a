import { connect as tcpConnect } from 'node:net';
import { ConfigResourceTypes, UserError, type Admin } from '@platformatic/kafka';
import { describeQuorum, splitAddress } from './kafka-quorum';
import type { KafkaBroker, KafkaQuorum, KafkaTopic, KafkaView } from './types';

export interface KafkaPollOptions {
  /** The configured bootstrap list (host:port): each one is expected to be a live broker. */
  bootstrap: readonly string[];
  topics: readonly string[];
  /** min.insync.replicas to assume when a topic's own cannot be read. */
  fallbackMinIsr: number;
  /** Per request to a single broker (ms). */
  timeoutMs?: number;
  /**
   * Broker id → address seen on earlier polls; updated with this poll's live brokers, so a
   * broker that died keeps its address.
   */
  known?: Map<number, string>;
}

/**
 * The source cluster through the admin API: live brokers and the watched topics' leaders,
 * replicas and ISR (Metadata, forced fresh), each topic's min.insync.replicas
 * (DescribeConfigs) and the active KRaft controller (DescribeQuorum). A broker that is
 * configured, or named in a replica list or the quorum, but absent from the metadata is
 * down, with what a TCP connection to its address says. Never throws.
 */
export async function pollKafka(admin: Admin, options: KafkaPollOptions): Promise<KafkaView> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const known = options.known ?? new Map<number, string>();
  let cluster: Awaited<ReturnType<Admin['metadata']>>;
  try {
    cluster = await admin.metadata({ topics: [], forceUpdate: true });
  } catch (err) {
    return {
      type: 'down',
      error: errorText(err),
      brokers: await downBrokers(known, options.bootstrap, new Set(), timeoutMs),
    };
  }
  const live = new Map<number, string>();
  for (const [id, b] of cluster.brokers) live.set(id, `${b.host}:${b.port}`);
  for (const [id, address] of live) known.set(id, address);

  const [topics, quorum] = await Promise.all([
    topicsOf(admin, options.topics, options.fallbackMinIsr),
    quorumOf([...live.values()], timeoutMs),
  ]);
  const referenced = new Set<number>(known.keys());
  for (const t of topics) {
    if (t.type === 'found')
      for (const p of t.partitions) for (const r of p.replicas) referenced.add(r);
  }
  if (quorum.type === 'ok') for (const v of quorum.voters) referenced.add(v.id);
  const brokers: KafkaBroker[] = [...live]
    .sort(([a], [b]) => a - b)
    .map(([id, address]) => ({ id, address, up: true, error: null }));
  const missing = new Map<number, string>();
  for (const id of referenced) if (!live.has(id)) missing.set(id, known.get(id) ?? '');
  brokers.push(
    ...(await downBrokers(missing, options.bootstrap, new Set(live.values()), timeoutMs)),
  );
  return { type: 'up', clusterId: cluster.id, brokers, quorum, topics };
}

/** Each watched topic's partitions, `missing` when Kafka does not know it. */
async function topicsOf(
  admin: Admin,
  names: readonly string[],
  fallbackMinIsr: number,
): Promise<KafkaTopic[]> {
  const results = await Promise.allSettled(
    names.map((t) => admin.metadata({ topics: [t], forceUpdate: true })),
  );
  const found: string[] = [];
  const topics: KafkaTopic[] = [];
  for (const [i, r] of results.entries()) {
    const name = names[i]!;
    if (r.status === 'rejected') {
      if (r.reason instanceof UserError && /^Unknown topic /.test(r.reason.message)) {
        topics.push({ type: 'missing', name });
        continue;
      }
      topics.push({ type: 'error', name, message: errorText(r.reason) });
      continue;
    }
    const meta = r.value.topics.get(name);
    if (!meta) {
      topics.push({ type: 'missing', name });
      continue;
    }
    found.push(name);
    topics.push({
      type: 'found',
      name,
      minIsr: fallbackMinIsr,
      minIsrSource: 'fallback',
      partitions: meta.partitions
        .map((p, partition) => ({
          partition,
          leader: p.leader,
          replicas: [...p.replicas],
          isr: [...p.isr],
        }))
        .sort((a, b) => a.partition - b.partition),
    });
  }
  const minIsr = await minIsrOf(admin, found);
  for (const t of topics) {
    const v = t.type === 'found' ? minIsr.get(t.name) : undefined;
    if (t.type === 'found' && v !== undefined) {
      t.minIsr = v;
      t.minIsrSource = 'topic';
    }
  }
  return topics;
}

/** min.insync.replicas per topic; a topic whose value cannot be read is left out. */
async function minIsrOf(admin: Admin, topics: readonly string[]): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  if (topics.length === 0) return values;
  try {
    const described = await admin.describeConfigs({
      resources: topics.map((resourceName) => ({
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName,
        configurationKeys: ['min.insync.replicas'],
      })),
    });
    for (const d of described) {
      const raw = d.configs.find((c) => c.name === 'min.insync.replicas')?.value;
      const v = Number(raw);
      if (raw && Number.isInteger(v) && v > 0) values.set(d.resourceName, v);
    }
  } catch {
    // The fallback applies, and the topic row says so.
  }
  return values;
}

/** The quorum from the first live broker that answers. */
async function quorumOf(addresses: readonly string[], timeoutMs: number): Promise<KafkaQuorum> {
  let message = 'no live broker to ask';
  for (const address of addresses) {
    try {
      const q = await describeQuorum(address, timeoutMs);
      return {
        type: 'ok',
        leaderId: q.leaderId,
        leaderEpoch: q.leaderEpoch,
        voters: q.voters
          .map((v) => ({
            id: v.replicaId,
            lagOffsets: Math.max(0, Number(q.highWatermark - v.logEndOffset)),
            lastCaughtUpMs: v.lastCaughtUpTimestamp > 0n ? Number(v.lastCaughtUpTimestamp) : null,
          }))
          .sort((a, b) => a.id - b.id),
      };
    } catch (err) {
      message = `${address}: ${errorText(err)}`;
    }
  }
  return { type: 'error', message };
}

/**
 * Rows for brokers that are not live: the ids given (with their last address, '' when
 * never seen), then each configured address that neither a live broker nor one of those
 * ids accounts for. The error is what a TCP connection to the address says.
 */
async function downBrokers(
  ids: ReadonlyMap<number, string>,
  bootstrap: readonly string[],
  liveAddresses: ReadonlySet<string>,
  timeoutMs: number,
): Promise<KafkaBroker[]> {
  const accounted = new Set([...liveAddresses, ...ids.values()]);
  const rows: { id: number | null; address: string | null }[] = [
    ...[...ids]
      .sort(([a], [b]) => a - b)
      .map(([id, address]) => ({ id, address: address || null })),
    ...bootstrap.filter((a) => !accounted.has(a)).map((address) => ({ id: null, address })),
  ];
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      up: false,
      error: r.address
        ? await whyNotLive(r.address, timeoutMs)
        : 'named in a replica list, never seen live',
    })),
  );
}

/** A dead listener's error, or that it listens but is not registered with the controller. */
function whyNotLive(address: string, timeoutMs: number): Promise<string> {
  const [host, port] = splitAddress(address);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening, but not a live broker in the cluster metadata (fenced or starting)');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(err.code ? `${err.code} ${address}` : err.message);
    });
  });
}

function errorText(err: unknown): string {
  const e = err as Error & { errors?: Error[] };
  const inner = e.errors?.[0]?.message;
  return inner ? `${e.message} (${inner})` : e.message;
}
