/**
 * npm run bench:server-memory — what the server's sample history costs when its rings are
 * full, and whether it stays constant after. The soak reads the whole `next start` process
 * tree, where V8's lazy heap sizing and Next.js's own caches blur a slow-filling ring; this
 * feeds ServerIngest alone (the object behind /api/metrics and the go / no-go gate) four
 * simulated hours of windows in about a minute and a half, and reads the JS heap plus ArrayBuffers
 * (where HDR counts arrays live) after a forced GC.
 *
 * Workload: the soak's, one 1-s e2e window per backend (nats, kafka) per second at
 * 2,000 msg/s, each delivered on both transports (the second copy is a duplicate), Kafka with
 * a slow tail. The simulated clock is the windows' own start time. Needs --expose-gc.
 * Figures → docs/benchmarks.md and bench/results/server-memory.json.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createMetrics, ServerIngest } from '@/lib/metrics';
import { sensorPayload } from '@/lib/probe';
import { encodeHistogramWindow, newLatencyHistogram } from '@/lib/samples';
import { xorshift } from './random';
import { machine, row, writeResults, writeSection, type Figure } from './report';

const HOURS = Number(process.env.SERVER_MEMORY_HOURS ?? 4);
// Every structure is full by then: 300 s of seconds, 60 minute roll-ups, and the two
// 20,000-key de-duplication maps (2 windows a second fill them in about 167 minutes).
const FULL_MIN = 180;
const RATE = 2000;
// The case study's sensor JSON, as the probe sends it (bench/probe.ts measures it the same way).
const PAYLOAD_BYTES = sensorPayload('0'.repeat(32), 0).byteLength;
const READ_EVERY_S = 300;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:server-memory does)');
if (HOURS * 60 <= FULL_MIN)
  throw new Error(
    `SERVER_MEMORY_HOURS must run past ${FULL_MIN} simulated minutes, when every structure is full`,
  );

/** Deterministic, so every run records the same values. */
const random = xorshift();

/** A window of RATE latencies (µs): log-normal body, and for Kafka a 1 % tail up to 3 s. */
function window(backend: 'nats' | 'kafka'): Histogram {
  const h = newLatencyHistogram();
  const medianUs = backend === 'nats' ? 2_000 : 3_000;
  for (let i = 0; i < RATE; i += 1) {
    const z = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
    let us = medianUs * Math.exp(0.8 * z);
    if (backend === 'kafka' && random() < 0.01) us = 50_000 + random() * 2_950_000;
    h.recordValue(Math.max(1, Math.round(us)));
  }
  return h;
}

/** JS heap plus ArrayBuffers (HDR counts arrays live outside the heap), after a forced GC. */
function heapMiB(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return Math.round(((m.heapUsed + m.arrayBuffers) / 2 ** 20) * 10) / 10;
}

function main(): void {
  const ingest = new ServerIngest(createMetrics(120));
  // A pool of distinct windows, reused: building 14,400 fresh histograms would time the
  // generator, not the server. Each copy still decodes into a histogram of its own.
  const pool = {
    nats: Array.from({ length: 16 }, () => window('nats')),
    kafka: Array.from({ length: 16 }, () => window('kafka')),
  };
  const t0 = Date.UTC(2026, 10, 26, 0, 0, 0);
  const readings: { minute: number; heapMiB: number }[] = [{ minute: 0, heapMiB: heapMiB() }];
  const started = Date.now();
  for (let s = 0; s < HOURS * 3600; s += 1) {
    const startMs = t0 + s * 1000;
    for (const backend of ['nats', 'kafka'] as const) {
      const text = encodeHistogramWindow(
        {
          backend,
          probeId: 'bench',
          windowStartMs: startMs,
          windowEndMs: startMs + 1000,
          errors: 0,
          bytes: RATE * PAYLOAD_BYTES,
        },
        pool[backend][s % 16]!,
      );
      ingest.sample(text, 'nats', { type: 'checked' }, startMs + 1000);
      ingest.sample(text, 'kafka', { type: 'checked' }, startMs + 1000);
    }
    if ((s + 1) % READ_EVERY_S === 0) {
      readings.push({ minute: (s + 1) / 60, heapMiB: heapMiB() });
      process.stderr.write(
        `\r[bench:server-memory] ${(s + 1) / 60} of ${HOURS * 60} simulated minutes, heap ${readings.at(-1)!.heapMiB} MiB`,
      );
    }
  }
  process.stderr.write('\n');
  const at = (minute: number) => readings.find((r) => r.minute >= minute)!;
  const full = at(FULL_MIN);
  const last = readings.at(-1)!;
  const mib = (x: number) => Math.round(x * 10) / 10;
  const figures: Record<string, Figure> = {
    seconds_ring: {
      value: mib(at(5).heapMiB - readings[0]!.heapMiB),
      unit: 'MiB',
      better: 'lower',
      note: '0 → 5 simulated min: 300 one-second HDR histograms per backend, 2 backends',
    },
    minute_ring: {
      value: mib(at(65).heapMiB - at(5).heapMiB),
      unit: 'MiB',
      better: 'lower',
      note: '5 → 65 simulated min: 60 one-minute roll-ups per backend fill',
    },
    growth_after_full: {
      value: mib(last.heapMiB - full.heapMiB),
      unit: 'MiB',
      target: 1,
      better: 'lower',
      note: `${full.heapMiB} → ${last.heapMiB} MiB, simulated min ${full.minute} → ${last.minute}: constant once every ring and de-duplication map is full`,
    },
    wall_seconds: {
      value: Math.round((Date.now() - started) / 100) / 10,
      unit: 's',
      better: 'lower',
      note: `${HOURS * 3600 * 4} messages (half of them duplicates)`,
    },
  };
  const curve = readings
    .filter((r) => r.minute % 30 === 0 || r.minute === 5)
    .map((r) => `${r.minute} min ${r.heapMiB} MiB`)
    .join(' · ');
  writeResults('server-memory', figures, { readings });
  writeSection(
    'server-memory',
    `## Server history memory (\`npm run bench:server-memory\`)

${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}. ServerIngest alone, fed ${HOURS} simulated hours of the
soak's workload (one e2e window a second per backend at ${RATE.toLocaleString('en-US')} msg/s, each on both transports; Kafka
with a 1 % tail to 3 s); JS heap + ArrayBuffers after a forced GC every ${READ_EVERY_S / 60} simulated minutes.

| figure | value | target | |
| --- | --- | --- | --- |
${Object.entries(figures)
  .map(([k, f]) => row(k, f))
  .join('\n')}

Heap over simulated time: ${curve}.`,
  );
  console.log(JSON.stringify(figures, null, 2));
}

main();
