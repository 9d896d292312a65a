/**
 * npm run bench:decode — what the worst sample message costs to decode or refuse (issue 13),
 * in Node (the server) and in Debian's Chromium, in a Web Worker as the page's live worker does.
 *
 * Corpus, every message ≤ 64 KiB: the hostile `hdr`s of the unit tests (lib/samples/hdr-craft.ts);
 * maximal valid windows (the most varied 3- and 5-digit histograms that fit, and the inflate
 * limit's worth of varints that deflate to almost nothing); and the slowest inputs a structural fuzzing search found in
 * DECODE_FUZZ_SECONDS (lib/samples/hdr-mutate.ts on those bases). Anchor, in the same run: a
 * normal 1-s window of 2,000 messages. Time per message: max and p99 over DECODE_REPS runs of
 * each. Memory per message: JS heap + ArrayBuffers grown across one decode, no GC in between
 * (what it allocates, garbage included), after a forced GC. Needs --expose-gc.
 * Figures → docs/benchmarks.md and bench/results/decode.json.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { chromium } from 'playwright-core';
import {
  decodeSample,
  encodeHistogramWindow,
  MAX_MESSAGE_BYTES,
  newLatencyHistogram,
} from '@/lib/samples';
import {
  compressedBase64,
  encodingBytes,
  hostileCases,
  parseHdr,
  RATIO_ONE_BITS,
  V2_COOKIE,
  windowWithHdr,
} from '@/lib/samples/hdr-craft';
import { HDR_LIMITS } from '@/lib/samples/hdr-decode';
import { hdrMutation, mutateHdr } from '@/lib/samples/hdr-mutate';
import { xorshift } from './random';
import { machine, row, writeResults, writeSection, type Figure } from './report';

const REPS = Number(process.env.DECODE_REPS ?? 30);
const FUZZ_SECONDS = Number(process.env.DECODE_FUZZ_SECONDS ?? 20);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_MS = 20;
const TARGET_MB = 8;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:decode does)');

interface Input {
  name: string;
  text: string;
}

/** Deterministic, so every run builds the same corpus. */
const random = xorshift();

/** The soak's normal window: 2,000 log-normal latencies around 2 ms, 3 digits. */
function anchorWindow(): string {
  const h = newLatencyHistogram();
  for (let i = 0; i < 2000; i += 1) {
    const z = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
    h.recordValue(Math.max(1, Math.round(2_000 * Math.exp(0.8 * z))));
  }
  return encodeHistogramWindow(
    {
      backend: 'nats',
      probeId: 'p1',
      windowStartMs: 1_700_000_000_000,
      windowEndMs: 1_700_000_001_000,
      errors: 0,
      bytes: 0,
    },
    h,
  );
}

/** The most values (random counts, so deflate gains little) whose histogram fits one message. */
function maximalDistinct(digits: 3 | 5): Input {
  const fits = (n: number) => {
    const h = hdr.build({ numberOfSignificantValueDigits: digits, autoResize: true });
    let s = 7;
    for (let i = 0; i < n; i += 1) {
      s = (s * 16807) % 2147483647;
      h.recordValueWithCount(1 + Math.floor((i * 3_500_000_000) / n), 1 + (s % 100_000));
    }
    const encoded = hdr.encodeIntoCompressedBase64(h);
    const text = windowWithHdr(encoded, h.totalCount);
    // The schema caps `hdr` at 60,000 characters, the message at 64 KiB.
    return encoded.length <= 60_000 && text.length <= MAX_MESSAGE_BYTES ? text : null;
  };
  let lo = 1;
  let hi = 200_000;
  while (hi - lo > 100) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const text = fits(lo)!;
  const varints = parseHdr(JSON.parse(text).hdr as string).payload.length;
  return {
    name: `maximal valid: ${lo.toLocaleString('en-US')} values at ${digits} digits (${varints.toLocaleString('en-US')} B of varints)`,
    text,
  };
}

/** Count-1 varints at 5 digits filling the inflate limit: the longest walk it allows. */
function maximalWalk(): Input {
  const payload = new Uint8Array(HDR_LIMITS.maxInflatedBytes - 40).fill(0x02);
  const text = compressedBase64(
    encodingBytes({
      cookie: V2_COOKIE,
      normalizingIndexOffset: 0,
      digits: 5,
      lowest: 1n,
      highest: 3_600_000_000n,
      ratioBits: RATIO_ONE_BITS,
      payload,
    }),
    {},
    9,
  );
  return {
    name: `maximal valid: ${payload.length.toLocaleString('en-US')} count-1 varints, 5 digits`,
    text: windowWithHdr(text, payload.length),
  };
}

/** Runs the structural mutator for `seconds` and keeps the slowest inputs it found. */
function fuzzSearch(
  bases: string[],
  seconds: number,
  keep: number,
): { inputs: Input[]; tried: number } {
  const arb = fc.tuple(
    fc.constantFrom(...bases),
    fc.array(hdrMutation, { minLength: 1, maxLength: 4 }),
  );
  const found: { ms: number; input: Input }[] = [];
  const until = Date.now() + seconds * 1000;
  let tried = 0;
  while (Date.now() < until) {
    for (const [base, mutations] of fc.sample(arb, 50)) {
      const { hdr: h, count } = mutateHdr(base, mutations);
      const text = windowWithHdr(h, count);
      if (text.length > MAX_MESSAGE_BYTES) continue;
      tried += 1;
      const t0 = performance.now();
      try {
        decodeSample(text);
      } catch {
        // Refusals are as interesting as acceptances here: only the time counts.
      }
      const ms = performance.now() - t0;
      const kinds = mutations.map((m) => m.type).join('+');
      found.push({ ms, input: { name: `fuzz: ${kinds}`, text } });
      found.sort((a, b) => b.ms - a.ms);
      found.length = Math.min(found.length, keep);
    }
  }
  return { inputs: found.map((f) => f.input), tried };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Measured {
  name: string;
  /** Median of the runs: what the input costs. */
  medianMs: number;
  /** Slowest run: the cost plus whatever else the machine did meanwhile. */
  maxMs: number;
  /** Least of 3 allocations measured after a forced GC (JIT and GC work only ever add). */
  allocMB: number;
  outcome: string;
}

/** Times each input REPS times (after 3 warm-ups) and reads its allocation once, in Node. */
function measureNode(inputs: Input[]): { perInput: Measured[]; all: number[] } {
  const all: number[] = [];
  const perInput = inputs.map(({ name, text }) => {
    const run = () => {
      try {
        decodeSample(text);
        return 'accepted';
      } catch (e) {
        return (e as { reason?: string }).reason ?? 'error';
      }
    };
    for (let i = 0; i < 3; i += 1) run();
    const times: number[] = [];
    for (let i = 0; i < REPS; i += 1) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    all.push(...times);
    times.sort((a, b) => a - b);
    let allocMB = Infinity;
    let outcome = '';
    for (let i = 0; i < 3; i += 1) {
      gc!();
      gc!();
      const before = process.memoryUsage();
      outcome = run();
      const after = process.memoryUsage();
      const grown = after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers;
      allocMB = Math.min(allocMB, Math.max(0, grown / 1e6));
    }
    return { name, medianMs: quantile(times, 0.5), maxMs: times.at(-1)!, allocMB, outcome };
  });
  return { perInput, all };
}

/** The same in Chromium: the decoder bundled into a Web Worker, as lib/live runs it. */
async function measureChromium(inputs: Input[]): Promise<{ perInput: Measured[]; all: number[] }> {
  const bundle = await build({
    stdin: {
      contents: `
        import { decodeSample } from './lib/samples/decode';
        const run = (text) => {
          try { decodeSample(text); return 'accepted'; }
          catch (e) { return e && e.reason ? e.reason : 'error'; }
        };
        // Time in a Web Worker (as the live worker decodes); memory on the page, the only
        // place Chromium exposes performance.memory (--enable-precise-memory-info).
        const measure = (inputs, reps, memory) => {
          const all = [];
          const perInput = inputs.map(({ name, text }) => {
            for (let i = 0; i < 3; i += 1) run(text);
            const times = [];
            for (let i = 0; i < reps; i += 1) {
              const t0 = performance.now();
              run(text);
              times.push(performance.now() - t0);
            }
            all.push(...times);
            times.sort((a, b) => a - b);
            let allocMB = memory ? Infinity : 0;
            let outcome = run(text);
            for (let i = 0; memory && i < 3; i += 1) {
              globalThis.gc(); globalThis.gc();
              const before = performance.memory.usedJSHeapSize;
              outcome = run(text);
              allocMB = Math.min(allocMB, Math.max(0, (performance.memory.usedJSHeapSize - before) / 1e6));
            }
            const medianMs = times.length ? times[Math.ceil(times.length / 2) - 1] : 0;
            const maxMs = times.length ? times[times.length - 1] : 0;
            return { name, medianMs, maxMs, allocMB, outcome };
          });
          return { perInput, all };
        };
        if (typeof window === 'undefined') {
          self.onmessage = (e) => self.postMessage(measure(e.data.inputs, e.data.reps, false));
        } else {
          window.measureDecode = measure;
        }`,
      resolveDir: path.resolve('.'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const code = bundle.outputFiles[0]!.text;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
  try {
    const page = await browser.newPage();
    const timed = await page.evaluate(
      ({ code, inputs, reps }) =>
        new Promise<{ perInput: Measured[]; all: number[] }>((resolve, reject) => {
          const blob = new Blob([code], { type: 'text/javascript' });
          const worker = new Worker(URL.createObjectURL(blob));
          worker.onmessage = (e) => resolve(e.data as { perInput: Measured[]; all: number[] });
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ inputs, reps });
        }),
      { code, inputs, reps: REPS },
    );
    await page.addScriptTag({ content: code });
    const sized = await page.evaluate(
      (inputs) =>
        (
          window as unknown as {
            measureDecode: (i: Input[], reps: number, memory: boolean) => { perInput: Measured[] };
          }
        ).measureDecode(inputs, 0, true),
      inputs,
    );
    return {
      all: timed.all,
      perInput: timed.perInput.map((m, i) => ({ ...m, allocMB: sized.perInput[i]!.allocMB })),
    };
  } finally {
    await browser.close();
  }
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const started = Date.now();
  const anchor: Input = { name: 'anchor: normal 1-s window, 2,000 messages', text: anchorWindow() };
  const hostile = hostileCases().map((c) => ({
    name: `hostile: ${c.name}`,
    text: windowWithHdr(c.hdr, c.count),
  }));
  const maximal = [maximalDistinct(3), maximalDistinct(5), maximalWalk()];
  const bases = [
    JSON.parse(anchor.text).hdr as string,
    ...maximal.map((m) => JSON.parse(m.text).hdr as string),
  ];
  process.stderr.write(`fuzzing for ${FUZZ_SECONDS} s…\n`);
  const fuzz = fuzzSearch(bases, FUZZ_SECONDS, 8);
  const corpus = [...hostile, ...maximal, ...fuzz.inputs];

  process.stderr.write(`Node: ${corpus.length} inputs × ${REPS}…\n`);
  const node = measureNode(corpus);
  const nodeAnchor = measureNode([anchor]);
  let browser: { perInput: Measured[]; all: number[] } | null = null;
  let browserAnchor: { perInput: Measured[]; all: number[] } | null = null;
  if (existsSync(CHROMIUM)) {
    process.stderr.write(`Chromium: ${corpus.length} inputs × ${REPS}…\n`);
    browser = await measureChromium(corpus);
    browserAnchor = await measureChromium([anchor]);
  }

  const figures: Record<string, Figure> = {};
  const worst = (r: Measured[], key: 'medianMs' | 'maxMs' | 'allocMB') =>
    r.reduce((x, y) => (y[key] > x[key] ? y : x));
  const add = (
    prefix: string,
    r: { perInput: Measured[]; all: number[] },
    a: { perInput: Measured[]; all: number[] },
  ) => {
    const typical = worst(r.perInput, 'medianMs');
    const slowest = worst(r.perInput, 'maxMs');
    const heaviest = worst(r.perInput, 'allocMB');
    const anchorMs = a.perInput[0]!.medianMs;
    figures[`${prefix}_worst_ms`] = {
      value: round(typical.medianMs),
      unit: 'ms',
      target: TARGET_MS,
      better: 'lower',
      note: `median of ${REPS} runs of the costliest input: ${typical.name}`,
    };
    figures[`${prefix}_worst_single_run_ms`] = {
      value: round(slowest.maxMs),
      unit: 'ms',
      target: TARGET_MS,
      better: 'lower',
      note: `slowest of all runs, machine's other work included: ${slowest.name}`,
    };
    figures[`${prefix}_p99_ms`] = {
      value: round(
        quantile(
          [...r.all].sort((x, y) => x - y),
          0.99,
        ),
      ),
      unit: 'ms',
      target: TARGET_MS,
      better: 'lower',
      note: `${r.all.length} decodes of the corpus`,
    };
    figures[`${prefix}_worst_alloc_mb`] = {
      value: round(heaviest.allocMB),
      unit: 'MB',
      target: TARGET_MB,
      better: 'lower',
      note: heaviest.name,
    };
    figures[`${prefix}_anchor_ms`] = {
      value: round(anchorMs, 3),
      unit: 'ms',
      better: 'lower',
      note: `${anchor.name} (median of ${REPS})`,
    };
    figures[`${prefix}_worst_over_anchor`] = {
      value: round(typical.medianMs / anchorMs, 1),
      unit: '×',
      better: 'lower',
      note: 'costliest input ÷ anchor, medians, same run',
    };
  };
  add('node', node, nodeAnchor);
  if (browser && browserAnchor) add('chromium', browser, browserAnchor);
  figures.fuzz_inputs = {
    value: fuzz.tried,
    unit: 'inputs',
    better: 'higher',
    note: `structural mutations tried in ${FUZZ_SECONDS} s; the ${fuzz.inputs.length} slowest joined the corpus`,
  };

  const table = (r: { perInput: Measured[] }, b: { perInput: Measured[] } | null) =>
    r.perInput
      .map((m, i) => {
        const c = b?.perInput[i];
        const ms = (x: Measured) => `${round(x.medianMs)} / ${round(x.maxMs)}`;
        return `| ${m.name} | ${m.outcome} | ${ms(m)} | ${round(m.allocMB)} | ${c ? ms(c) : '—'} | ${c ? round(c.allocMB) : '—'} |`;
      })
      .join('\n');
  writeResults('decode', figures, {
    perInput: { node: node.perInput, chromium: browser?.perInput ?? null },
  });
  writeSection(
    'decode',
    `## Decoding a sample message (\`npm run bench:decode\`)

${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}, Chromium ${CHROMIUM} (headless, decoder bundled
into a Web Worker as the live worker runs it; memory read on the page, the only place Chromium exposes it). Each input
decoded ${REPS} times after 3 warm-ups; time is per message; memory is JS heap + ArrayBuffers (Chromium: JS heap) grown
across one decode after a forced GC, garbage included, least of 3. Load average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} (1/5/15 min) on ${cpus().length} cores, other work included.
Corpus: the unit tests' hostile \`hdr\`s, maximal valid messages, and the ${fuzz.inputs.length} slowest of ${fuzz.tried.toLocaleString('en-US')}
structural mutations tried in ${FUZZ_SECONDS} s. Anchor, same run: a normal 1-s window of 2,000 messages. Wall time ${Math.round((Date.now() - started) / 1000)} s.

| figure | value | target | |
| --- | --- | --- | --- |
${Object.entries(figures)
  .map(([k, f]) => row(k, f))
  .join('\n')}

| input | outcome | Node ms (median / max) | Node MB | Chromium ms (median / max) | Chromium MB |
| --- | --- | --- | --- | --- | --- |
${table(node, browser)}`,
  );
  console.log(JSON.stringify(figures, null, 2));
}

void main();
