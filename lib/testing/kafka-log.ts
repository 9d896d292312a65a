import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HEADER_ID, HEADER_PROBE } from '@/lib/probe';

/** The 12 hex digits at the end of a probe message id: its sequence number in the run. */
const SEQ_DIGITS = 12;

export interface KafkaLogCheck {
  /** Records of the probe in the topic (copies included). */
  records: number;
  /** Distinct messages among them, within [0, lead). */
  distinct: number;
  /** Messages below the lead that the topic does not hold. */
  absent: number;
  /** Of those, the ones the probe counted unsent (its publish failed, or it skipped them). */
  absentUnsent: number;
  /** The rest: acknowledged to the probe, and not in the topic. */
  acknowledgedLost: number;
  /** A few of them (plan indexes), to look up. */
  lostExamples: number[];
}

/**
 * Reads a topic from its beginning with Kafka's own console consumer (kafka.tools.
 * ConsoleConsumer from the jars scripts/install-kafka.sh fetched: no code shared with the
 * probe or its client library) and checks one probe run against it: every message below
 * `lead` must be in the topic unless the probe counted it unsent (`unsentRanges`, pairs
 * [from, to) from its summary). Message i's id ends in i as 12 hex digits (a probe alone,
 * not a fleet shard). Memory: one byte per message below the lead.
 */
export async function checkKafkaLog(o: {
  brokers: string[];
  topic: string;
  probeId: string;
  lead: number;
  unsentRanges: readonly number[];
  /** How long the console consumer waits for another record before it stops, ms. */
  idleMs?: number;
}): Promise<KafkaLogCheck> {
  const present = new Uint8Array(o.lead);
  let records = 0;
  const child = spawn(
    'bash',
    [
      '-c',
      'source scripts/lib.sh && exec java -cp "$KAFKA_LIBS/*" kafka.tools.ConsoleConsumer --bootstrap-server "$1" --topic "$2" --from-beginning --timeout-ms "$3" --property print.headers=true --property print.value=false',
      'kafka-log',
      o.brokers.join(','),
      o.topic,
      String(o.idleMs ?? 20_000),
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const idKey = `${HEADER_ID}:`;
  const probeKey = `${HEADER_PROBE}:${o.probeId}`;
  for await (const line of createInterface({ input: child.stdout! })) {
    // Headers print as k:v pairs joined by commas; ids and probe ids have neither.
    if (!line.includes(probeKey)) continue;
    const pairs = line.split(',');
    if (!pairs.includes(probeKey)) continue;
    const id = pairs.find((p) => p.startsWith(idKey))?.slice(idKey.length);
    if (!id || id.length < SEQ_DIGITS) continue;
    records += 1;
    const i = Number.parseInt(id.slice(-SEQ_DIGITS), 16);
    if (Number.isInteger(i) && i >= 0 && i < o.lead) present[i] = 1;
  }
  await new Promise((resolve) => child.once('close', resolve));

  const unsent = new Uint8Array(o.lead);
  for (let k = 0; k + 1 < o.unsentRanges.length; k += 2)
    unsent.fill(1, Math.max(0, o.unsentRanges[k]!), Math.min(o.lead, o.unsentRanges[k + 1]!));
  let distinct = 0;
  let absent = 0;
  let absentUnsent = 0;
  const lostExamples: number[] = [];
  for (let i = 0; i < o.lead; i += 1) {
    if (present[i]) {
      distinct += 1;
      continue;
    }
    absent += 1;
    if (unsent[i]) absentUnsent += 1;
    else if (lostExamples.length < 10) lostExamples.push(i);
  }
  return {
    records,
    distinct,
    absent,
    absentUnsent,
    acknowledgedLost: absent - absentUnsent,
    lostExamples,
  };
}
