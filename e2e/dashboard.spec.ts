import { expect, test } from '@playwright/test';
import {
  fractionAbove,
  heatmapBins,
  headline,
  LatencyAggregator,
  mergeHistograms,
  percentileUs,
} from '@/lib/latency';
import { encodeHistogramWindow, newLatencyHistogram, type LatencyWindow } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { latencyWindow } from '@/lib/testing/windows';
import { openDashboard, Publisher } from './helpers';

const SLA_US = 120_000;

/** Three seconds per backend with known distributions; nats has a GC-like spike in the middle one. */
function windows(probeId: string, t0: number): LatencyWindow[] {
  const make = (backend: string, startMs: number, values: number[]) =>
    latencyWindow({ startMs, backend, probeId }, values);
  const spread = (n: number, from: number, step: number) =>
    Array.from({ length: n }, (_, i) => from + i * step);
  return [
    make('kafka', t0, spread(400, 20_000, 250)),
    make('kafka', t0 + 1000, [...spread(390, 30_000, 300), ...spread(10, 190_000, 1000)]),
    make('kafka', t0 + 2000, spread(400, 25_000, 200)),
    make('nats', t0, spread(400, 3_000, 50)),
    make('nats', t0 + 1000, [
      ...spread(350, 4_000, 40),
      ...Array.from({ length: 50 }, () => 300_000),
    ]),
    make('nats', t0 + 2000, spread(400, 3_500, 45)),
  ];
}

test('dashboard - latency page and overview show what the test computes from the same windows', async ({
  page,
}) => {
  const publisher = await Publisher.open();
  const probeId = uniqueId('dash');
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 3000;
  const ws = windows(probeId, t0);
  await openDashboard(page, '/latency?window=1m');
  for (const w of ws)
    await publisher.nats(w.backend, probeId, encodeHistogramWindow(w, w.histogram));
  await publisher.close();

  for (const backend of ['kafka', 'nats']) {
    const mine = ws.filter((w) => w.backend === backend);
    const merged = mergeHistograms(mine.map((w) => w.histogram));
    const row = (k: string) => page.getByTestId(`summary-${backend}-${k}`);
    await expect(row('p50Us')).toHaveAttribute('data-value-us', String(percentileUs(merged, 50)));
    await expect(row('p99Us')).toHaveAttribute('data-value-us', String(percentileUs(merged, 99)));
    await expect(row('p999Us')).toHaveAttribute(
      'data-value-us',
      String(percentileUs(merged, 99.9)),
    );
    await expect(row('over')).toHaveAttribute('data-value', String(fractionAbove(merged, SLA_US)));
    // The heatmap's hottest cell, found by the test over every (second, bin).
    let peak = { slot: 0, bin: 0, count: 0 };
    for (const w of mine)
      heatmapBins(w.histogram).forEach(
        (count, bin) => count > peak.count && (peak = { slot: w.windowStartMs, bin, count }),
      );
    const heat = page.getByTestId(`heatmap-${backend}`);
    await expect(heat).toHaveAttribute('data-peak-count', String(peak.count));
    await expect(heat).toHaveAttribute('data-peak-bin', String(peak.bin));
    await expect(heat).toHaveAttribute('data-peak-slot', String(peak.slot));
  }
  // The spike shows where it happened: the nats second at t0+1000 holds 50 messages in the 200–500 ms bin.
  expect(
    fractionAbove(
      mergeHistograms(ws.filter((w) => w.backend === 'nats').map((w) => w.histogram)),
      SLA_US,
    ),
  ).toBeCloseTo(50 / 1200);

  // Same tab, client-side navigation: the overview keeps the data and states the comparison.
  const agg = new LatencyAggregator();
  for (const w of ws) agg.ingest(w, 'nats', Date.now());
  const expected = headline(
    agg.summary('kafka', 900_000, SLA_US),
    agg.summary('nats', 900_000, SLA_US),
  );
  expect(expected).toMatch(/^NATS p99 is \d+% (lower|higher) than Kafka over the last 3 s$/);
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('headline')).toHaveText(expected!);
  await expect(page.getByTestId('sla-nats')).toHaveText('over SLA (120 ms)');
});

test('dashboard - the URL reproduces the view, and controls write it back', async ({ page }) => {
  await page.goto('/latency?window=15m&paused=1');
  await expect(page.getByTestId('window-15m')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('pause')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('window-1h').click();
  await expect(page).toHaveURL(/window=1h/);
  await expect(page).toHaveURL(/paused=1/);
  await page.getByTestId('pause').click();
  await expect(page).not.toHaveURL(/paused=1/);
  // Keyboard only: tab to a window button and press it.
  await page.getByTestId('window-5m').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/window=5m/);
});

test('dashboard - TV mode and both themes render', async ({ page }, info) => {
  await page.goto('/?window=5m&tv=1');
  await expect(page.locator('html')).toHaveAttribute('data-tv', '1');
  await expect(page.getByRole('navigation', { name: 'pages' })).toBeHidden();
  await page.screenshot({ path: info.outputPath('overview-tv.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/tv=1/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: info.outputPath('overview-dark.png'), fullPage: true });
  await page.getByTestId('theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: info.outputPath('overview-light.png'), fullPage: true });
  await info.attach('overview-light', {
    path: info.outputPath('overview-light.png'),
    contentType: 'image/png',
  });
  await info.attach('overview-tv', {
    path: info.outputPath('overview-tv.png'),
    contentType: 'image/png',
  });
});

test('dashboard - a probe filter shows that probe only, and lives in the URL', async ({ page }) => {
  const publisher = await Publisher.open();
  const [a, b] = [uniqueId('pa'), uniqueId('pb')];
  const backend = uniqueId('filt').toLowerCase();
  await openDashboard(page, `/latency?window=1m&probe=${a}`);
  await expect(page.getByTestId('probe-filter')).toHaveValue(a);
  const start = Math.floor(Date.now() / 1000) * 1000;
  const only = newLatencyHistogram();
  for (let i = 0; i < 10; i += 1) only.recordValue(7_000);
  const other = newLatencyHistogram();
  for (let i = 0; i < 10; i += 1) other.recordValue(90_000);
  const meta = (probeId: string) => ({
    backend,
    probeId,
    windowStartMs: start,
    windowEndMs: start + 1000,
    errors: 0,
    bytes: 0,
  });
  await publisher.nats(backend, a, encodeHistogramWindow(meta(a), only));
  await publisher.nats(backend, b, encodeHistogramWindow(meta(b), other));
  await publisher.close();
  await expect(page.getByTestId(`summary-${backend}-p99Us`)).toHaveAttribute(
    'data-value-us',
    String(percentileUs(only, 99)),
  );
  await page.getByTestId('probe-filter').selectOption('');
  await expect(page).not.toHaveURL(/probe=/);
});
