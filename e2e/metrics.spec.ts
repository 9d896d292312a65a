import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { encodeHistogramWindow, newLatencyHistogram } from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { Publisher } from './helpers';

const PROM_PORT = Number(process.env.E2E_PROMETHEUS_PORT ?? 9099);
let prometheus: ChildProcess | undefined;
let publisher: Publisher;

test.beforeAll(async ({ baseURL }) => {
  publisher = await Publisher.open();
  const dir = mkdtempSync(path.join(tmpdir(), 'cutover-prom-'));
  const target = new URL(baseURL!);
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: cutover\n    metrics_path: /api/metrics\n    static_configs:\n      - targets: ['${target.host}']\n`,
  );
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${PROM_PORT}`,
    ],
    { stdio: 'ignore' },
  );
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${PROM_PORT}/-/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 30_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  prometheus?.kill('SIGTERM');
  await publisher.close();
});

async function query(promql: string): Promise<number | null> {
  const res = await fetch(
    `http://127.0.0.1:${PROM_PORT}/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  const v = body.data.result[0]?.value[1];
  return v === undefined ? null : Number(v);
}

test('metrics - a real Prometheus scrapes the SLA bucket and the rejected-sample counter', async () => {
  const backend = uniqueId('prom').toLowerCase();
  const h = newLatencyHistogram();
  for (let i = 0; i < 97; i += 1) h.recordValue(80_000);
  for (let i = 0; i < 3; i += 1) h.recordValue(400_000);
  const start = Math.floor(Date.now() / 1000) * 1000;
  await publisher.nats(
    backend,
    'e2e',
    encodeHistogramWindow(
      {
        backend,
        probeId: 'e2e',
        windowStartMs: start,
        windowEndMs: start + 1000,
        errors: 0,
        bytes: 0,
      },
      h,
    ),
  );
  // Read the counter only once Prometheus has scraped: earlier tests may have moved it already.
  const rejectedNow = 'sum(cutover_samples_rejected_total{transport="nats",reason="not_json"})';
  await expect.poll(() => query(rejectedNow), { timeout: 30_000 }).not.toBeNull();
  const before = (await query(rejectedNow))!;
  await publisher.nats(backend, 'e2e', '{"v":1,');

  await expect
    .poll(() => query(`cutover_e2e_latency_seconds_bucket{backend="${backend}",le="0.12"}`), {
      timeout: 30_000,
    })
    .toBe(97);
  expect(await query(`cutover_e2e_latency_seconds_count{backend="${backend}"}`)).toBe(100);
  // "Share under SLA" is exact because 0.12 s is a bucket edge.
  expect(
    await query(
      `cutover_e2e_latency_seconds_bucket{backend="${backend}",le="0.12"} / ignoring(le) cutover_e2e_latency_seconds_count{backend="${backend}"}`,
    ),
  ).toBe(0.97);
  await expect
    .poll(() => query(rejectedNow), {
      timeout: 30_000,
    })
    .toBe(before + 1);
});

// After the scrape test, so the exposition holds real histogram series too.
test('metrics - promtool accepts the exposition', async ({ request }) => {
  const res = await request.get('/api/metrics');
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toContain('# TYPE cutover_e2e_latency_seconds histogram');
  expect(text).toContain('cutover_e2e_latency_seconds_bucket{le="0.12"');
  expect(text).toContain('process_cpu_seconds_total');
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(check.stdout + check.stderr).toBe('');
  expect(check.status).toBe(0);
});
