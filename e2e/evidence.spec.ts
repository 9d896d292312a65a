import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { recomputePeriod } from '@/lib/evidence';
import { encodeHistogramWindow } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { expectPercentiles, knownWindow, openDashboard, publishUntil, Publisher } from './helpers';

test('evidence - an exported bundle, re-imported, reproduces the percentiles on screen', async ({
  page,
}) => {
  const publisher = await Publisher.open();
  const backend = uniqueId('evid').toLowerCase();
  const start = Math.floor(Date.now() / 1000) * 1000;
  const w = knownWindow(
    {
      backend,
      probeId: uniqueId('e2e'),
      windowStartMs: start,
      windowEndMs: start + 1000,
      errors: 0,
      bytes: 0,
    },
    [
      ...Array.from({ length: 95 }, (_, i) => 2_000 + i * 500),
      ...Array.from({ length: 5 }, () => 300_000),
    ],
  );
  await openDashboard(page);
  await publishUntil(
    () => publisher.nats(backend, w.meta.probeId, encodeHistogramWindow(w.meta, w.histogram)),
    () => expectPercentiles(page, backend, w.p50Us, w.p99Us),
  );
  await publisher.close();

  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const bundle = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
    protocolVersion: number;
    probes: string[];
  };
  expect(bundle.protocolVersion).toBe(1);
  expect(bundle.probes).toContain(w.meta.probeId);
  const period = recomputePeriod(bundle)[backend]!;
  expect(period.p50Us).toBe(
    Number(await page.getByTestId(`p50-${backend}`).getAttribute('data-value-us')),
  );
  expect(period.p99Us).toBe(
    Number(await page.getByTestId(`p99-${backend}`).getAttribute('data-value-us')),
  );
  expect(period.overSla).toBeCloseTo(0.05);

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const rows = readFileSync((await csv.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(rows[0]).toMatch(/^backend,slot_start_ms,count/);
  expect(rows.some((r) => r.startsWith(`${backend},${start},100,`))).toBe(true);
});
