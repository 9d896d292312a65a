import { Connection, createAPI, Writer, type Reader } from '@platformatic/kafka';

/**
 * DescribeQuorum (API key 55) version 1, which Kafka 3.3 to 3.8 brokers forward to the
 * active KRaft controller. @platformatic/kafka ships only version 2 (Kafka 3.9+), and the
 * Metadata API's controller id is, under KRaft, a random live broker, so this is the one
 * way to learn which node is the active controller through a broker. The layout follows
 * Kafka's DescribeQuorumRequest.json / DescribeQuorumResponse.json (flexible from v0).
 */
interface QuorumVoter {
  replicaId: number;
  logEndOffset: bigint;
  lastFetchTimestamp: bigint;
  lastCaughtUpTimestamp: bigint;
}
export interface QuorumAnswer {
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  highWatermark: bigint;
  voters: QuorumVoter[];
}

const METADATA_TOPIC = '__cluster_metadata';

function createRequest(): Writer {
  return Writer.create()
    .appendArray([METADATA_TOPIC], (w, topic) => {
      w.appendString(topic).appendArray([0], (w, partition) => {
        w.appendInt32(partition);
      });
    })
    .appendTaggedFields();
}

function parseResponse(_c: number, _k: number, _v: number, r: Reader): QuorumAnswer {
  const voter = (r: Reader): QuorumVoter => ({
    replicaId: r.readInt32(),
    logEndOffset: r.readInt64(),
    lastFetchTimestamp: r.readInt64(),
    lastCaughtUpTimestamp: r.readInt64(),
  });
  const errorCode = r.readInt16();
  const topics = r.readArray((r) => ({
    name: r.readString(),
    partitions: r.readArray((r) => ({
      partitionIndex: r.readInt32(),
      errorCode: r.readInt16(),
      leaderId: r.readInt32(),
      leaderEpoch: r.readInt32(),
      highWatermark: r.readInt64(),
      voters: r.readArray(voter),
      observers: r.readArray(voter),
    })),
  }));
  const p = topics.find((t) => t.name === METADATA_TOPIC)?.partitions[0];
  return {
    errorCode: errorCode || (p?.errorCode ?? -1),
    leaderId: p?.leaderId ?? -1,
    leaderEpoch: p?.leaderEpoch ?? -1,
    highWatermark: p?.highWatermark ?? -1n,
    voters: p?.voters ?? [],
  };
}

const describeQuorumV1 = createAPI<[], QuorumAnswer>(55, 1, createRequest, parseResponse);

/**
 * Asks one broker (`host:port`) for the KRaft quorum. Throws on a connection failure, a
 * timeout (ms) or an error code in the answer.
 */
export async function describeQuorum(address: string, timeoutMs: number): Promise<QuorumAnswer> {
  const [host, port] = splitAddress(address);
  const connection = new Connection('cutover-cluster-quorum', {
    connectTimeout: timeoutMs,
    requestTimeout: timeoutMs,
  });
  try {
    await connection.connect(host, port);
    const answer = await describeQuorumV1.async(connection);
    if (answer.errorCode !== 0) throw new Error(`DescribeQuorum error code ${answer.errorCode}`);
    return answer;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** "127.0.0.1:9092" → ["127.0.0.1", 9092]. */
export function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}
