/**
 * npm run record -- --out FILE --duration S
 * Captures everything Cutover publishes on NATS (latency windows, parity) as a
 * gzip NDJSON recording that the dashboard can replay (lib/replay).
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { connect } from '@nats-io/transport-node';
import { serverConfig } from '@/lib/config';
import type { RecordedMessage, RecordingHeader } from '@/lib/replay';
import { SUBJECT_ROOT } from '@/lib/samples';

function fail(message: string): never {
  console.error(
    `record: ${message}\nUsage: npm run record -- --out data/recordings/NAME.ndjson.gz --duration SECONDS [--note TEXT]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string' }, duration: { type: 'string' }, note: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const out = values.out ?? fail('--out is required');
  const seconds = Number(values.duration ?? fail('--duration is required'));
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 24 * 3600)
    fail(`--duration must be 1..86400 seconds, got "${values.duration}"`);

  const config = serverConfig();
  const nc = await connect({
    servers: config.natsServers,
    user: config.natsUser,
    pass: config.natsPass,
    name: 'cutover-recorder',
  });
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) =>
    gzip.pipe(createWriteStream(out)).on('finish', resolve).on('error', reject),
  );
  const startMs = Date.now();
  const header: RecordingHeader = {
    cutover: 'recording',
    v: 1,
    recordedAt: new Date(startMs).toISOString(),
    durationMs: seconds * 1000,
    ...(values.note ? { note: values.note } : {}),
  };
  gzip.write(`${JSON.stringify(header)}\n`);
  let count = 0;
  nc.subscribe(`${SUBJECT_ROOT}.>`, {
    callback: (_e, m) => {
      const line: RecordedMessage = { t: Date.now() - startMs, s: m.subject, d: m.string() };
      gzip.write(`${JSON.stringify(line)}\n`);
      count += 1;
    },
  });
  const progress = setInterval(() => {
    const elapsed = Math.round((Date.now() - startMs) / 1000);
    const bar = '█'.repeat(Math.round((30 * elapsed) / seconds)).padEnd(30, '░');
    process.stderr.write(`\rrecording ${bar} ${elapsed}/${seconds} s, ${count} messages`);
  }, 1000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(progress);
  await nc.drain();
  gzip.end();
  await done;
  console.error(`\nrecorded ${count} messages to ${out}`);
}

main().catch((err: unknown) => {
  console.error(`record: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
