import { expect, test } from '@playwright/test';
import { loadMigrationConfig } from '@/lib/config';
import { costPerMillionUsd, formatUsdPerMillion } from '@/lib/cost';
import { formatRate } from '@/lib/latency';
import { encodeHistogramWindow } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { replayPort } from '../playwright.config';
import { knownWindow, publishUntil, Publisher } from './helpers';

const cost = loadMigrationConfig('config/cutover.json').cost!;

let publisher: Publisher;
test.beforeAll(async () => {
  publisher = await Publisher.open();
});
test.afterAll(async () => {
  await publisher.close();
});

test('cost - shows the case study figures from the config file', async ({ page }) => {
  await page.goto('/cost');
  await expect(page.getByRole('heading', { name: 'Reported by the case study' })).toBeVisible();
  await expect(page.getByTestId('reported-source')).toContainText(cost.source);
  await expect(page.getByTestId('reported-monthlyUsd-kafka')).toHaveText('$14,200');
  await expect(page.getByTestId('reported-monthlyUsd-nats')).toHaveText('$11,100');
  await expect(page.getByTestId('reported-maxThroughput-nats')).toHaveText('21,800 msg/s');
  await expect(page.getByTestId('saving-percent')).toHaveText('22%');
  await expect(page.getByTestId('saving-monthly')).toHaveText('$3,100');
  await expect(page.getByTestId('saving-yearly')).toHaveText('$37,200');
  await expect(page.getByTestId('cpm-reported-kafka')).toHaveText('$0.54');
  await expect(page.getByTestId('cpm-reported-nats')).toHaveText('$0.42');
  for (const rate of cost.scenarioRatesPerSecond)
    await expect(page.getByTestId(`scenario-${rate}-saving-percent`)).toHaveText('22%');
});

test('cost - says why there is no measured figure instead of inventing one', async ({ page }) => {
  // A probe nobody publishes as: the page sees no windows at all.
  await page.goto(`/cost?probe=${uniqueId('silent')}`);
  // Within the visible region: while Next streams the page, a hidden copy of the panel can
  // sit beside the shown one until it is swapped in.
  const derived = page.getByRole('region', { name: /^Derived from live data/ });
  for (const backend of ['kafka', 'nats']) {
    await expect(derived.getByTestId(`measured-rate-${backend}`)).toHaveText('—');
    await expect(derived.getByTestId(`cpm-measured-${backend}`)).toHaveText('—');
    await expect(derived.getByTestId(`measured-note-${backend}`)).toHaveText(
      `No figure: no latency windows from ${backend} yet.`,
    );
  }
  await expect(page.getByTestId('scenario-measured')).toHaveCount(0);
});

test('cost - prices the throughput the test published, per backend', async ({ page }) => {
  const probeId = uniqueId('e2e-cost');
  const windowStartMs = Math.floor(Date.now() / 1000) * 1000;
  // One 1-second window per backend: 1,200 messages through kafka, 1,000 through nats.
  const counts = { kafka: 1_200, nats: 1_000 } as const;
  const windows = (['kafka', 'nats'] as const).map((backend) =>
    knownWindow(
      { backend, probeId, windowStartMs, windowEndMs: windowStartMs + 1000, errors: 0, bytes: 0 },
      Array.from({ length: counts[backend] }, (_, i) => 2_000 + i * 10),
    ),
  );
  // Only this test's probe: other publishers on the shared stack don't change the figures.
  await page.goto(`/cost?probe=${probeId}`);
  await expect(page.getByTestId('measured-source')).toHaveAttribute('data-source', 'live');
  await publishUntil(
    async () => {
      for (const w of windows)
        await publisher.nats(w.meta.backend, probeId, encodeHistogramWindow(w.meta, w.histogram));
    },
    async () => {
      for (const backend of ['kafka', 'nats'] as const)
        await expect(page.getByTestId(`measured-rate-${backend}`)).toHaveAttribute(
          'data-value',
          String(counts[backend]),
          { timeout: 2_000 },
        );
    },
  );
  for (const backend of ['kafka', 'nats'] as const) {
    const rate = counts[backend];
    await expect(page.getByTestId(`measured-rate-${backend}`)).toHaveText(formatRate(rate));
    await expect(page.getByTestId(`cpm-measured-${backend}`)).toHaveText(
      formatUsdPerMillion(costPerMillionUsd(cost[backend].monthlyUsd, rate)),
    );
  }
  // $14,200 over 1,200 msg/s for a 30.44-day month; $11,100 over 1,000 msg/s.
  await expect(page.getByTestId('cpm-measured-kafka')).toHaveText('$4.50');
  await expect(page.getByTestId('cpm-measured-nats')).toHaveText('$4.22');
  // The what-if table prices the busier backend's rate as the workload.
  await expect(page.getByTestId('scenario-measured')).toHaveAttribute(
    'data-rate-per-second',
    '1200',
  );
  await expect(page.getByTestId('scenario-measured-saving-monthly')).toHaveText('$3,100');
  await expect(page.getByTestId('saving-measured')).toHaveAttribute('data-value', '3100');
});

test.describe('replay', () => {
  test.use({ baseURL: `http://127.0.0.1:${replayPort}` });

  test('cost - labels the measured rate as replayed while a recording plays', async ({ page }) => {
    // Two minutes in: the shipped recording starts on Kafka alone, NATS joins at its shadow run.
    await page.goto('/cost?t=120');
    await expect(page.getByTestId('measured-source')).toHaveText('replayed');
    for (const backend of ['kafka', 'nats']) {
      const rate = page.getByTestId(`measured-rate-${backend}`);
      await expect(rate).toHaveAttribute('data-value', /^[1-9][\d.]*$/, { timeout: 20_000 });
      await expect(rate).toHaveAttribute('data-source', 'replay');
    }
    await expect(page.getByText('replayed rate').first()).toBeVisible();
    await expect(page.getByTestId('scenario-measured')).toContainText('replayed');
  });
});
