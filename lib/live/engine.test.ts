import { describe, expect, it, vi } from 'vitest';
import type { PublicConfig } from '@/lib/config';
import { encodeParity } from '@/lib/parity/protocol';
import { encodeRawWindow, type LatencyKind } from '@/lib/samples';
import { LiveEngine } from './engine';
import { SERIES_EVERY_MS } from './update-builder';
import { UpdatePump } from './update-pump';
import { applyUpdate, EMPTY_LIVE_STATE, LiveFigures, seededState } from './state';
import { EMPTY_QUERY, summaryKey, withPeriod, type LiveUpdate } from './types';

const config: PublicConfig = {
  source: { type: 'live' },
  natsWsUrls: ['ws://127.0.0.1:1'],
  natsWsUrl: 'ws://127.0.0.1:1',
  natsBrowserUser: 'u',
  natsBrowserPass: 'p',
  slaMs: 120,
  skewToleranceMs: 30_000,
};

const raw = (
  backend: string,
  probeId: string,
  startMs: number,
  values: number[],
  metric: LatencyKind = 'e2e',
) =>
  encodeRawWindow(
    {
      backend,
      metric,
      probeId,
      windowStartMs: startMs,
      windowEndMs: startMs + 1000,
      errors: 0,
      bytes: 0,
    },
    values,
  );

const parity = (atMs: number, matched: number) =>
  encodeParity({
    probeId: 'p1',
    ledger: 'main',
    atMs,
    target: 100,
    inFlight: 0,
    totals: {
      shadowed: matched,
      matched,
      mismatches: { kafka: 0, nats: 0 },
      missing: { kafka: 0, nats: 0 },
      duplicates: { kafka: 0, nats: 0 },
      unknown: { kafka: 0, nats: 0 },
    },
    ratePerSecond: 1,
    etaSeconds: null,
    offenders: [],
  });

/** An engine whose feeds are fed by hand (start() would connect to brokers) on a fake clock. */
function engineAt(clock: { ms: number }) {
  let changes = 0;
  const engine = new LiveEngine({
    config,
    streamUrl: 'http://127.0.0.1:1/api/stream',
    onChange: () => (changes += 1),
    now: () => clock.ms,
  });
  return { engine, changes: () => changes };
}

describe('live - engine', () => {
  it('carries the summaries the query asks for, per scope, from merged histograms', () => {
    const clock = { ms: 10_000 };
    const { engine } = engineAt(clock);
    engine.receiveSample(raw('nats', 'a', 1000, [1000, 2000, 3000]), 'nats');
    engine.flush();
    engine.receiveSample(raw('nats', 'b', 1000, [4000]), 'nats');
    engine.flush();
    engine.setQuery({ ...EMPTY_QUERY, probe: 'b', periodsMs: [60_000], allPeriodsMs: [600_000] });
    engine.receiveSample(raw('nats', 'b', 2000, [5000]), 'nats');
    engine.flush();
    const u = engine.update();
    // The view counts probe b from the filter on; the gate's scope counts every probe.
    expect(u.summaries[summaryKey('view', 'nats', 60_000)]?.count).toBe(1);
    expect(u.summaries[summaryKey('all', 'nats', 600_000)]?.count).toBe(5);
    expect(u.summaries[summaryKey('view', 'nats', 300_000)]).toBeUndefined();
    expect(u.probes).toEqual(['a', 'b']);
  });

  it('after a burst, catches the figures up with the last window without a newer one', () => {
    // The last window of a burst shows without waiting for a newer one (a trailing update).
    const clock = { ms: 100_000 };
    const { engine } = engineAt(clock);
    engine.setQuery({ ...EMPTY_QUERY, probe: null, periodsMs: [60_000], allPeriodsMs: [] });
    engine.receiveSample(raw('nats', 'a', 70_000, [1000]), 'nats');
    engine.flush();
    expect(engine.update().summaries[summaryKey('view', 'nats', 60_000)]?.count).toBe(1);
    for (let s = 71; s < 100; s += 1)
      engine.receiveSample(raw('nats', 'a', s * 1000, [1000]), 'nats');
    engine.flush();
    clock.ms += 50;
    // The update right after the burst is allowed to be the cached one…
    expect(engine.update().summaries[summaryKey('view', 'nats', 60_000)]?.count).toBe(1);
    // …but a trailing one is due within the refresh interval, with the exact figures.
    const due = engine.dueInMs();
    expect(due).not.toBeNull();
    expect(due!).toBeLessThanOrEqual(1000);
    clock.ms += due!;
    expect(engine.update().summaries[summaryKey('view', 'nats', 60_000)]?.count).toBe(30);
    expect(engine.dueInMs()).toBeNull();
  });

  it("carries the probes' own figures for the periods asked, with a trailing update after a burst", () => {
    // send_delay and publish windows are kept apart from the e2e series, not dropped.
    const clock = { ms: 100_000 };
    const { engine } = engineAt(clock);
    engine.setQuery(withPeriod(EMPTY_QUERY, 'probe', 60_000));
    engine.receiveSample(raw('nats', 'a', 70_000, [300], 'send_delay'), 'nats');
    engine.receiveSample(raw('nats', 'a', 70_000, [300], 'send_delay'), 'kafka');
    engine.receiveSample(raw('nats', 'a', 70_000, [200], 'publish'), 'nats');
    engine.flush();
    const first = engine.update();
    expect(first.summaries).toEqual({});
    expect(first.probeFigures['60000']?.rows).toMatchObject([
      { probe: 'a', backend: 'nats', sendDelay: { count: 1, p99Us: 300 }, publish: { count: 1 } },
    ]);
    expect(first.probeFigures['60000']?.sendDelay).toMatchObject([{ backend: 'nats', count: 1 }]);
    expect(first.probeFigures['300000']).toBeUndefined();
    expect(engine.dueInMs()).toBeNull();
    for (let s = 71; s < 100; s += 1)
      engine.receiveSample(raw('nats', 'a', s * 1000, [1000], 'send_delay'), 'nats');
    engine.flush();
    clock.ms += 50;
    expect(engine.update().probeFigures['60000']?.sendDelay[0]?.count).toBe(1);
    // Trailing updates are due within the refresh interval, the last with exact figures.
    const startMs = clock.ms;
    let trailing = first.probeFigures['60000'];
    // As the pump would ask, a few times at most: a missing refresh would spin here.
    for (
      let i = 0, due = engine.dueInMs();
      due !== null && i < 10;
      i += 1, due = engine.dueInMs()
    ) {
      clock.ms += due;
      trailing = engine.update().probeFigures['60000'];
    }
    expect(clock.ms - startMs).toBeLessThanOrEqual(1000);
    expect(trailing?.sendDelay[0]?.count).toBe(30);
    expect(trailing?.rows[0]?.sendDelay.count).toBe(30);
  });

  it('sends series at most every SERIES_EVERY_MS, and says when the next is due', () => {
    const clock = { ms: 10_000 };
    const { engine } = engineAt(clock);
    engine.receiveSample(raw('kafka', 'a', 1000, [1000]), 'kafka');
    engine.flush();
    expect(engine.update().series?.kafka?.seconds).toHaveLength(1);
    expect(engine.dueInMs()).toBeNull();
    // The second point draws the first line: it goes out at once.
    engine.receiveSample(raw('kafka', 'a', 2000, [1000]), 'kafka');
    engine.flush();
    expect(engine.update().series?.kafka?.seconds).toHaveLength(2);
    clock.ms += 100;
    engine.receiveSample(raw('kafka', 'a', 3000, [1000]), 'kafka');
    engine.flush();
    // The newest window goes out at once; the series it changed wait until due.
    expect(engine.dueInMs()).toBe(0);
    const second = engine.update();
    expect(second.backends[0]?.latest?.slotStartMs).toBe(3000);
    expect(second.series).toBeNull();
    expect(engine.dueInMs()).toBe(SERIES_EVERY_MS - 100);
    clock.ms += SERIES_EVERY_MS;
    expect(engine.dueInMs()).toBe(0);
    expect(engine.update().series?.kafka?.seconds).toHaveLength(3);
    // A backend the page has no series of goes out at once, so its chart starts.
    clock.ms += 1;
    engine.receiveSample(raw('nats', 'a', 2000, [1000]), 'nats');
    engine.flush();
    expect(engine.dueInMs()).toBe(0);
    expect(Object.keys(engine.update().series ?? {})).toEqual(['kafka', 'nats']);
  });

  it('hands out parity history points once each, and the page keeps them in order', () => {
    const clock = { ms: 0 };
    const { engine } = engineAt(clock);
    const updates: LiveUpdate[] = [];
    const pump = new UpdatePump(engine, (u) => updates.push(u));
    const feed = (atMs: number, matched: number) => engine.receiveParity(parity(atMs, matched));
    feed(1000, 10);
    feed(2000, 20);
    pump.pull();
    feed(3000, 30);
    pump.pull();
    expect(updates).toHaveLength(2);
    expect(updates[0]?.parityAppend['p1|main']?.map((p) => p.matched)).toEqual([10, 20]);
    expect(updates[1]?.parityAppend['p1|main']?.map((p) => p.matched)).toEqual([30]);
    const state = updates.reduce(applyUpdate, EMPTY_LIVE_STATE);
    const figures = new LiveFigures(state);
    expect(figures.parityHistory('p1', 'main').map((p) => p.matched)).toEqual([10, 20, 30]);
    expect(figures.parity()[0]?.matched).toBe(30);
  });

  it('sends nothing until the page pulls, then one update with everything since', () => {
    const clock = { ms: 0 };
    const { engine } = engineAt(clock);
    const updates: LiveUpdate[] = [];
    const pump = new UpdatePump(engine, (u) => updates.push(u));
    pump.pull();
    expect(updates).toHaveLength(1);
    for (let i = 1; i <= 5; i += 1)
      engine.receiveSample(raw('nats', 'a', i * 1000, [1000]), 'nats');
    engine.flush();
    expect(updates).toHaveLength(1);
    engine.setQuery({ ...EMPTY_QUERY, probe: null, periodsMs: [60_000], allPeriodsMs: [] });
    pump.pull();
    expect(updates).toHaveLength(2);
    expect(updates[1]?.summaries[summaryKey('view', 'nats', 60_000)]?.count).toBe(5);
    pump.stop();
  });

  it('sends new data at once even while series wait for their turn', () => {
    const clock = { ms: 0 };
    const updates: LiveUpdate[] = [];
    let pump: UpdatePump | null = null;
    const engine = new LiveEngine({
      config,
      streamUrl: 'http://127.0.0.1:1/api/stream',
      onChange: () => pump?.poke(),
      now: () => clock.ms,
    });
    pump = new UpdatePump(engine, (u) => updates.push(u));
    const feed = (s: number) => {
      engine.receiveSample(raw('nats', 'a', s * 1000, [1000]), 'nats');
      engine.flush();
    };
    feed(1);
    feed(2);
    pump.pull();
    expect(updates.at(-1)?.series?.nats?.seconds).toHaveLength(2);
    clock.ms += 100;
    pump.pull();
    feed(3);
    expect(updates).toHaveLength(2);
    expect(updates.at(-1)?.series).toBeNull();
    // Only the series changed now: the pump waits for their turn (a timer)...
    pump.pull();
    expect(updates).toHaveLength(2);
    // ...but a new window is shown at once, not when the series are due.
    feed(4);
    expect(updates).toHaveLength(3);
    expect(updates.at(-1)?.backends[0]?.latest?.slotStartMs).toBe(4000);
    pump.stop();
    engine.stop();
  });

  it('shows every status a feed went through, one per update, even a blip between two', () => {
    const { engine } = engineAt({ ms: 0 });
    engine.update();
    engine.receiveStatus('nats', { type: 'connected' });
    engine.receiveStatus('nats', { type: 'reconnecting' });
    engine.receiveStatus('nats', { type: 'connected' });
    const shown = [1, 2, 3].map(() => engine.update().transports.nats.status.type);
    expect(shown).toEqual(['connected', 'reconnecting', 'connected']);
    expect(engine.dueInMs()).toBeNull();
  });

  it('decodes what the feeds queue on its own, between requests from the page', async () => {
    const { engine, changes } = engineAt({ ms: 0 });
    for (let i = 1; i <= 3; i += 1)
      engine.receiveSample(raw('nats', 'a', i * 1000, [1000]), 'nats');
    expect(changes()).toBe(0);
    // Decoding starts in a later task, by itself.
    await vi.waitFor(() => expect(changes()).toBeGreaterThan(0));
    engine.setQuery({ ...EMPTY_QUERY, probe: null, periodsMs: [60_000], allPeriodsMs: [] });
    expect(engine.update().summaries[summaryKey('view', 'nats', 60_000)]?.count).toBe(3);
    engine.stop();
  });

  it('exports evidence from the histograms it holds, as JSON and CSV', () => {
    const { engine } = engineAt({ ms: 0 });
    engine.receiveSample(raw('nats', 'a', 1000, [1000, 2000]), 'nats');
    engine.flush();
    const json = engine.exportEvidence({ type: 'live' }, 'json');
    const bundle = JSON.parse(json.body) as { backends: { backend: string; slots: unknown[] }[] };
    expect(bundle.backends[0]?.backend).toBe('nats');
    expect(bundle.backends[0]?.slots).toHaveLength(1);
    expect(engine.exportEvidence({ type: 'live' }, 'csv').body.split('\n')[1]).toMatch(
      /^nats,1000,2,/,
    );
  });
});

describe('live - page state', () => {
  it('keeps series and parity from earlier updates when an update leaves them out', () => {
    const clock = { ms: 0 };
    const { engine } = engineAt(clock);
    engine.receiveSample(raw('nats', 'a', 1000, [1000]), 'nats');
    engine.flush();
    const first = engine.update();
    clock.ms += SERIES_EVERY_MS / 2;
    const second = engine.update();
    expect(second.series).toBeNull();
    const figures = new LiveFigures(applyUpdate(applyUpdate(EMPTY_LIVE_STATE, first), second));
    expect(figures.series('nats')).toHaveLength(1);
    expect(figures.snapshot.backends[0]?.series).toHaveLength(1);
  });

  it('draws the server seed until the engine has series of its own', () => {
    const point = (slotStartMs: number) => ({
      slotStartMs,
      count: 1,
      errors: 0,
      p50Us: 1000,
      p90Us: 1000,
      p99Us: 1000,
      p999Us: 1000,
      maxUs: 1000,
      bins: [],
    });
    const seeded = seededState([{ backend: 'nats', points: [point(1000), point(2000)] }]);
    expect(new LiveFigures(seeded).snapshot.backends[0]?.series).toHaveLength(2);
    expect(new LiveFigures(seeded).latest('nats')?.slotStartMs).toBe(2000);
    const { engine } = engineAt({ ms: 0 });
    // The engine's first updates carry no series yet (its feeds are connecting): keep the seed.
    const early = applyUpdate(seeded, engine.update());
    expect(new LiveFigures(early).backends()).toEqual(['nats']);
    engine.receiveSample(raw('kafka', 'a', 5000, [1000]), 'kafka');
    engine.flush();
    const own = applyUpdate(early, engine.update());
    expect(new LiveFigures(own).backends()).toEqual(['kafka']);
    expect(own.seed).toBeNull();
  });

  it('reads a summary not computed yet as empty, and asks for it', () => {
    const asked: string[] = [];
    const figures = new LiveFigures(EMPTY_LIVE_STATE, (scope, periodMs) =>
      asked.push(`${scope}:${periodMs}`),
    );
    expect(figures.summary('nats', 60_000).count).toBe(0);
    expect(figures.allSummary('nats', 600_000).count).toBe(0);
    expect(figures.probeFigures(300_000)).toEqual({ rows: [], sendDelay: [] });
    expect(figures.sendDelay('nats', 60_000)).toBeUndefined();
    expect(asked).toEqual(['view:60000', 'all:600000', 'probe:300000', 'probe:60000']);
  });

  it('adds a period to the scope asked for, once', () => {
    const q = withPeriod(withPeriod(EMPTY_QUERY, 'probe', 60_000), 'all', 60_000);
    expect(q).toEqual({ ...EMPTY_QUERY, probePeriodsMs: [60_000], allPeriodsMs: [60_000] });
    expect(withPeriod(q, 'probe', 60_000)).toBe(q);
  });
});
