import { expect, test } from '@playwright/test';
import {
  formatLatencyUs,
  mergeHistograms,
  percentileUs,
  PROBE_LIMITED_SHARE,
  probeLimit,
  probeLimitNote,
  type PeriodSummary,
} from '@/lib/latency';
import {
  encodeHistogramWindow,
  LATENCY_KINDS,
  newLatencyHistogram,
  samplesSubject,
  type LatencyKind,
  type LatencyWindow,
} from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { openDashboard, publishUntil, Publisher } from './helpers';

const SECONDS = 3;
const PER_WINDOW = 500;

/**
 * Latency of message i in second s, µs, per metric. Both backends have the same e2e
 * (8–18 ms); on `slow` the probe sent 3–8 ms late (send delay p99 ~44% of e2e p99), on
 * `fast` at most 0.15 ms late (~1%).
 */
const SHAPES: Record<'slow' | 'fast', Record<LatencyKind, (i: number, s: number) => number>> = {
  slow: {
    e2e: (i, s) => 8_000 + i * 20 + s,
    send_delay: (i, s) => 3_000 + i * 10 + s,
    publish: (i, s) => 1_000 + i * 4 + s,
  },
  fast: {
    e2e: (i, s) => 8_000 + i * 20 + s,
    send_delay: (i, s) => 50 + Math.floor(i / 5) + s,
    publish: (i, s) => 900 + i * 3 + s,
  },
};

interface Spec {
  backend: string;
  shape: 'slow' | 'fast';
  kinds: readonly LatencyKind[];
}

/** Three one-second windows per backend and metric, the newest ending at the last whole second. */
function windowsOf(probeId: string, specs: Spec[]): LatencyWindow[] {
  const t0 = Math.floor(Date.now() / 1000) * 1000 - SECONDS * 1000;
  const windows: LatencyWindow[] = [];
  for (const { backend, shape, kinds } of specs)
    for (const metric of kinds)
      for (let s = 0; s < SECONDS; s += 1) {
        const histogram = newLatencyHistogram();
        for (let i = 0; i < PER_WINDOW; i += 1) histogram.recordValue(SHAPES[shape][metric](i, s));
        windows.push({
          backend,
          metric,
          probeId,
          windowStartMs: t0 + s * 1000,
          windowEndMs: t0 + s * 1000 + 1000,
          count: PER_WINDOW,
          errors: 0,
          bytes: 0,
          histogram,
        });
      }
  return windows;
}

/** The merged figures of one backend and metric: what the page must show, exactly. */
function truth(windows: LatencyWindow[], backend: string, metric: LatencyKind) {
  const h = mergeHistograms(
    windows.filter((w) => w.backend === backend && w.metric === metric).map((w) => w.histogram),
  );
  return {
    count: h.totalCount,
    p50Us: percentileUs(h, 50),
    p99Us: percentileUs(h, 99),
    maxUs: percentileUs(h, 100),
  };
}

/** Enough of a summary for the rule, from the merged figures. */
const asSummary = (backend: string, t: ReturnType<typeof truth>): PeriodSummary => ({
  backend,
  periodMs: 900_000,
  coveredMs: SECONDS * 1000,
  firstSlotMs: 0,
  lastSlotEndMs: 0,
  count: t.count,
  errors: 0,
  p50Us: t.p50Us,
  p90Us: 0,
  p99Us: t.p99Us,
  p999Us: 0,
  maxUs: t.maxUs,
  overSla: 0,
  ratePerSecond: 0,
});

let publisher: Publisher;
test.beforeAll(async () => {
  publisher = await Publisher.open();
});
test.afterAll(async () => {
  await publisher.close();
});

test("probe-limited - the latency page shows each probe's send delay and publish, and the overview flags only the backend whose send delay is high", async ({
  page,
}) => {
  // Backends of this test alone, so no other test's windows mix into the exact figures.
  const backends = { slow: uniqueId('slow'), fast: uniqueId('fast') };
  const bare = uniqueId('bare');
  const probeId = uniqueId('probe');
  const windows = windowsOf(probeId, [
    { backend: backends.slow, shape: 'slow', kinds: LATENCY_KINDS },
    { backend: backends.fast, shape: 'fast', kinds: LATENCY_KINDS },
    // e2e windows only: no send delay, so no evidence, and no verdict either way.
    { backend: bare, shape: 'slow', kinds: ['e2e'] },
  ]);
  const share = (b: string) =>
    truth(windows, b, 'send_delay').p99Us / truth(windows, b, 'e2e').p99Us;
  expect(share(backends.slow)).toBeGreaterThanOrEqual(PROBE_LIMITED_SHARE);
  expect(share(backends.fast)).toBeLessThan(PROBE_LIMITED_SHARE);

  await openDashboard(page, '/latency?window=5m');
  const send = async () => {
    // Every window on both transports: the copies are de-duplicated, never merged twice.
    for (const w of windows)
      publisher.publishRaw(
        samplesSubject(w.backend, probeId),
        encodeHistogramWindow(w, w.histogram),
      );
    await publisher.flush();
    for (const backend of [backends.slow, backends.fast, bare])
      await publisher.kafkaBatch(
        backend,
        windows
          .filter((w) => w.backend === backend)
          .map((w) => encodeHistogramWindow(w, w.histogram)),
      );
  };
  const row = (backend: string) => `probe-${probeId}-${backend}`;
  await publishUntil(send, async () => {
    for (const backend of [backends.slow, backends.fast])
      await expect(page.getByTestId(`${row(backend)}-count`)).toHaveAttribute(
        'data-value',
        String(SECONDS * PER_WINDOW),
        { timeout: 2000 },
      );
  });

  for (const backend of [backends.slow, backends.fast])
    for (const metric of ['send_delay', 'publish'] as const) {
      const t = truth(windows, backend, metric);
      for (const k of ['p50Us', 'p99Us', 'maxUs'] as const) {
        const cell = page.getByTestId(`${row(backend)}-${metric}-${k}`);
        await expect(cell).toHaveAttribute('data-value-us', String(t[k]));
        await expect(cell).toHaveText(formatLatencyUs(t[k]));
      }
    }
  await expect(page.getByTestId(`probe-row-${probeId}-${bare}`)).toHaveCount(0);
  await expect(page.getByText('how late the probe sent each message')).toBeVisible();

  // A client-side navigation keeps the tab's data.
  await page.getByRole('link', { name: 'Overview' }).click();
  const slow = backends.slow;
  const verdict = probeLimit(
    asSummary(slow, truth(windows, slow, 'e2e')),
    asSummary(slow, truth(windows, slow, 'send_delay')),
  );
  if (verdict.type !== 'probe_limited') throw new Error(`test data: ${verdict.type}`);
  await expect(page.getByTestId(`backend-${slow}`)).toHaveAttribute(
    'data-probe-limit',
    'probe_limited',
  );
  await expect(page.getByTestId(`probe-limited-${slow}`)).toHaveText('probe-limited');
  await expect(page.getByTestId(`probe-limited-${slow}`)).toHaveAttribute(
    'title',
    probeLimitNote(verdict, 'the last 15m'),
  );
  // Judged, and clear: no flag.
  await expect(page.getByTestId(`backend-${backends.fast}`)).toHaveAttribute(
    'data-probe-limit',
    'clear',
  );
  await expect(page.getByTestId(`probe-limited-${backends.fast}`)).toHaveCount(0);
  // Not judged: no send delay windows, so neither a flag nor an all-clear.
  await expect(page.getByTestId(`window-p99-${bare}`)).toHaveAttribute(
    'data-value-us',
    String(truth(windows, bare, 'e2e').p99Us),
  );
  await expect(page.getByTestId(`backend-${bare}`)).toHaveAttribute(
    'data-probe-limit',
    'no_evidence',
  );
  await expect(page.getByTestId(`probe-limited-${bare}`)).toHaveCount(0);
});
