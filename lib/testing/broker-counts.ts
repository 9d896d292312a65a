import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What the brokers themselves say they stored, read with tools that share no code with
 * the probe: natscli's `stream info` (the stream's last sequence) and Kafka's own
 * kafka-get-offsets.sh (GetOffsetShell: the sum of the topic's end offsets). Taken before and after a
 * drill, the differences are how many messages each broker stored; a broker that stored
 * fewer than the probe saw acknowledged lost an acknowledged message whatever the probe's
 * ledger says (a retried Kafka send may be stored twice, so more is not a contradiction).
 */
export interface BrokerCounts {
  /** IOT_SENSORS last sequence: messages ever stored (deduplicated by Nats-Msg-Id). */
  natsLastSeq: number;
  /** Sum over iot-sensor-v1's partitions of the end offset: records ever appended. */
  kafkaEndOffsets: number;
}

export interface BrokerCountTools {
  /** natscli binary and its connection flags (FaultTargets.natsCli). */
  natsCli: { bin: string; args: string[] };
  stream: string;
  topic: string;
  kafkaBrokers: string[];
}

export async function brokerCounts(t: BrokerCountTools): Promise<BrokerCounts> {
  const [nats, kafka] = await Promise.all([
    run(t.natsCli.bin, [...t.natsCli.args, 'stream', 'info', t.stream, '--json'], {
      timeout: 30_000,
    }),
    // kafka-get-offsets.sh's class, on the jars scripts/install-kafka.sh fetched (scripts/lib.sh
    // knows where: CUTOVER_TOOLS_DIR).
    run(
      'bash',
      [
        '-c',
        'source scripts/lib.sh && java -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$1" --topic "$2" --time -1 2>/dev/null',
        'broker-counts',
        t.kafkaBrokers.join(','),
        t.topic,
      ],
      { timeout: 60_000 },
    ),
  ]);
  const info = JSON.parse(nats.stdout) as { state?: { last_seq?: number } };
  const natsLastSeq = info.state?.last_seq;
  if (typeof natsLastSeq !== 'number') throw new Error(`natscli: no last_seq for ${t.stream}`);
  return { natsLastSeq, kafkaEndOffsets: sumEndOffsets(kafka.stdout, t.topic) };
}

/** kafka-get-offsets.sh prints `topic:partition:offset`, one line per partition. */
export function sumEndOffsets(stdout: string, topic: string): number {
  let sum = 0;
  let partitions = 0;
  for (const line of stdout.split('\n')) {
    const m = /^(.+):(\d+):(\d+)$/.exec(line.trim());
    if (!m || m[1] !== topic) continue;
    sum += Number(m[3]);
    partitions += 1;
  }
  if (partitions === 0) throw new Error(`kafka-get-offsets.sh: no partitions of ${topic}`);
  return sum;
}
