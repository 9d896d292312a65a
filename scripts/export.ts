/**
 * npm run export -- (--recording FILE | --live SECONDS) [--out DIR]
 * Writes the evidence bundle (JSON with histograms, and CSV) that the dashboard's
 * Export buttons produce, from a recording or from the live NATS stream.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { serverConfig } from '@/lib/config';
import { buildBundle, bundleToCsv, type EvidenceBundle } from '@/lib/evidence';
import { LatencyReceiver, formatLatencyUs } from '@/lib/latency';
import { PARITY_PREFIX, PARITY_WILDCARD, ParityRuns } from '@/lib/parity';
import { readRecording } from '@/lib/replay/server';
import { SAMPLES_PREFIX, SAMPLES_WILDCARD } from '@/lib/samples';

function fail(message: string): never {
  console.error(
    `export: ${message}\nUsage: npm run export -- (--recording FILE | --live SECONDS) [--out DIR]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { recording: { type: 'string' }, live: { type: 'string' }, out: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (!values.recording === !values.live)
    fail('give exactly one of --recording FILE or --live SECONDS');
  const config = serverConfig();
  // A recording is read at its own clock (recordedAt + each message's offset), live at ours.
  let clockMs: number | null = null;
  // Keep a whole recording (up to 2 hours of 1-second slots), not just the page's 5 minutes.
  const receiver = new LatencyReceiver({
    capacitySlots: 7200,
    skewToleranceMs: config.skewToleranceMs,
    now: () => clockMs ?? Date.now(),
  });
  const parity = new ParityRuns();
  let source: EvidenceBundle['source'] = { type: 'live' };

  if (values.recording) {
    const rec = readRecording(values.recording);
    source = { type: 'replay', recordedAt: rec.header.recordedAt };
    const recordedStartMs = Date.parse(rec.header.recordedAt);
    for (const m of rec.messages) {
      clockMs = recordedStartMs + m.t;
      if (m.s.startsWith(SAMPLES_PREFIX))
        receiver.receive(m.d, 'nats', clockMs, { type: 'nats', subject: m.s });
      else if (m.s.startsWith(PARITY_PREFIX)) parity.receive(m.d);
    }
  } else {
    const seconds = Number(values.live);
    if (!Number.isInteger(seconds) || seconds <= 0)
      fail(`--live takes a whole number of seconds, got "${values.live}"`);
    const nc = await connect({
      servers: config.natsServers,
      user: config.natsUser,
      pass: config.natsPass,
      name: 'cutover-export',
    });
    nc.subscribe(SAMPLES_WILDCARD, {
      callback: (_e, m) =>
        receiver.receive(m.data, 'nats', Date.now(), { type: 'nats', subject: m.subject }),
    });
    nc.subscribe(PARITY_WILDCARD, { callback: (_e, m) => parity.receive(m.data) });
    for (let s = 1; s <= seconds; s += 1) {
      await sleep(1000);
      process.stderr.write(
        `\rlistening ${'█'.repeat(Math.round((30 * s) / seconds)).padEnd(30, '░')} ${s}/${seconds} s`,
      );
    }
    process.stderr.write('\n');
    await nc.drain();
  }

  const agg = receiver.aggregator;
  const bundle = buildBundle({
    source,
    slaMs: config.slaMs,
    probes: agg.probes(),
    backends: agg.backends().map((backend) => ({ backend, slots: agg.slotsOf(backend) })),
    parity: parity.latest(),
  });
  const dir = values.out ?? '.';
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `cutover-evidence-${bundle.generatedAt.replace(/[:.]/g, '-')}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(bundle, null, 2)}\n`);
  writeFileSync(`${base}.csv`, bundleToCsv(bundle));
  for (const b of bundle.backends) {
    console.error(
      `${b.backend}: ${b.period.count.toLocaleString('en-US')} messages, p50 ${formatLatencyUs(b.period.p50Us)}, p99 ${formatLatencyUs(b.period.p99Us)}, ${(100 * b.period.overSla).toFixed(2)}% over SLA`,
    );
  }
  const rejected = Object.entries(agg.rejections()).filter(([, n]) => n > 0);
  if (rejected.length)
    console.error(`rejected: ${rejected.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  console.error(`wrote ${base}.json and ${base}.csv`);
}

main().catch((err: unknown) => {
  console.error(`export: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
