import { expect, test } from '@playwright/test';
import { encodeHistogramWindow, encodeRawWindow } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { expectPercentiles, knownWindow, openDashboard, publishUntil, Publisher } from './helpers';

let publisher: Publisher;
test.beforeAll(async () => {
  publisher = await Publisher.open();
});
test.afterAll(async () => {
  await publisher.close();
});

function windowMeta(backend: string, probeId: string) {
  const windowStartMs = Math.floor(Date.now() / 1000) * 1000;
  return {
    backend,
    probeId,
    windowStartMs,
    windowEndMs: windowStartMs + 1000,
    errors: 0,
    bytes: 0,
  };
}

// 980 latencies from 1 ms to 99 ms plus a 20-message tail (2%) at 150 ms: p50 ≈ 50 ms, p99 in the tail.
const LATENCIES_US = [
  ...Array.from({ length: 980 }, (_, i) => 1000 + i * 100),
  ...Array.from({ length: 20 }, () => 150_000),
];

test('latency - shows the exact p50/p99 of a window published over NATS', async ({ page }) => {
  const backend = uniqueId('natsonly').toLowerCase();
  const w = knownWindow(windowMeta(backend, uniqueId('e2e')), LATENCIES_US);
  await openDashboard(page);
  await publishUntil(
    () => publisher.nats(backend, w.meta.probeId, encodeHistogramWindow(w.meta, w.histogram)),
    () => expectPercentiles(page, backend, w.p50Us, w.p99Us),
  );
  await expect(page.getByTestId(`count-${backend}`)).toHaveText('1,000');
  await expect(page.getByTestId(`sla-${backend}`)).toHaveText('over SLA (120 ms)');
});

test('latency - shows the exact p50/p99 of a window published over Kafka only', async ({
  page,
}) => {
  const backend = uniqueId('kafkaonly').toLowerCase();
  const w = knownWindow(windowMeta(backend, uniqueId('e2e')), LATENCIES_US.slice(0, 980));
  await openDashboard(page);
  await publishUntil(
    () => publisher.kafka(backend, encodeHistogramWindow(w.meta, w.histogram)),
    () => expectPercentiles(page, backend, w.p50Us, w.p99Us),
  );
  await expect(page.getByTestId(`sla-${backend}`)).toHaveText('within SLA (120 ms)');
  // It came over the SSE route: the NATS transport never saw a window of this backend.
  await expect(page.getByTestId('transport-kafka')).toContainText(/[1-9]\d* windows/);
});

test('latency - draws a window once when both transports deliver it, from raw latencies too', async ({
  page,
}) => {
  const backend = uniqueId('both').toLowerCase();
  const meta = windowMeta(backend, uniqueId('e2e'));
  const raw = [2000, 4000, 6000, 8000, 10_000];
  const text = encodeRawWindow(meta, raw);
  const w = knownWindow(meta, raw);
  await openDashboard(page);
  await publishUntil(
    async () => {
      await publisher.nats(backend, meta.probeId, text);
      await publisher.kafka(backend, text);
    },
    async () => {
      await expectPercentiles(page, backend, w.p50Us, w.p99Us);
      await expect(page.getByTestId('transport-kafka')).toContainText(
        /[1-9]\d* dup|[1-9]\d* windows/,
      );
    },
  );
  await expect(page.getByTestId(`count-${backend}`)).toHaveText('5');
});

test('latency - counts malformed samples by reason on both transports and never draws them', async ({
  page,
}) => {
  const backend = uniqueId('bad').toLowerCase();
  const probeId = uniqueId('e2e');
  const good = JSON.parse(encodeRawWindow(windowMeta(backend, probeId), [1000])) as Record<
    string,
    unknown
  >;
  const hostile = [
    '{"v":1,',
    JSON.stringify({ ...good, v: 7 }),
    JSON.stringify({ ...good, latenciesUs: [-1] }),
    JSON.stringify({ ...good, type: 'latency-window', count: 1, hdr: 'AAAA' }),
    JSON.stringify({ ...good, probe: '<img src=x onerror=alert(1)>' }),
  ];
  await openDashboard(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  for (const text of hostile) await publisher.nats(backend, probeId, text);
  await expect(page.getByTestId('rejections')).toHaveAttribute(
    'data-total',
    String(hostile.length),
  );
  for (const text of [...hostile, 'x'.repeat(70_000)]) await publisher.kafka(backend, text);
  await expect(page.getByTestId('rejections')).toHaveAttribute(
    'data-total',
    String(2 * hostile.length + 1),
  );
  await expect(page.getByTestId('rejected-not_json')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('rejected-bad_version')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('rejected-bad_schema')).toHaveAttribute('data-count', '4');
  await expect(page.getByTestId('rejected-bad_histogram')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('rejected-oversize')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId(`backend-${backend}`)).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('latency - a pause in the windows is drawn as a break in the line, not bridged', async ({
  page,
}) => {
  const backend = uniqueId('gap').toLowerCase();
  const probeId = uniqueId('e2e');
  const firstMs = Math.floor(Date.now() / 1000) * 1000 + 1000;
  const windowText = (k: number) => {
    const windowStartMs = firstMs + k * 1000;
    const meta = { backend, probeId, windowStartMs, windowEndMs: windowStartMs + 1000 };
    return encodeRawWindow({ ...meta, errors: 0, bytes: 0 }, [2000, 4000, 8000 + k]);
  };
  // Each window as a probe sends it: when its second is over.
  const publishAtItsEnd = async (k: number) => {
    await page.waitForTimeout(Math.max(0, firstMs + (k + 1) * 1000 - Date.now()));
    await publisher.nats(backend, probeId, windowText(k));
  };
  /** The p99 line's path as drawn: one array of points per unbroken segment. */
  const segments = async () => {
    const d = await page
      .locator(`g.line--${backend}--p99 path.recharts-line-curve`)
      .getAttribute('d', { timeout: 1000 })
      .catch(() => null);
    return (d ?? '')
      .split('M')
      .filter(Boolean)
      .map((s) => s.split('L').length);
  };
  await openDashboard(page, '/latency?window=1m');

  for (const k of [0, 1, 2]) await publishAtItsEnd(k);
  await expect.poll(segments).toEqual([3]);
  // Five seconds with no window at all (slots 3-7), as during a broker restart; then three more.
  for (const k of [8, 9, 10]) await publishAtItsEnd(k);
  await publishUntil(
    // A repeat is de-duplicated by (probe, backend, window): re-sending is harmless.
    async () => {
      for (const k of [0, 1, 2, 8, 9, 10]) await publisher.nats(backend, probeId, windowText(k));
    },
    async () => expect(await segments()).toEqual([3, 3]),
  );
});
