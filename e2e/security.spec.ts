import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { stackConfig } from '@/lib/testing/stack';

test('security - every page gets a CSP with a fresh nonce and hardening headers', async ({
  request,
}) => {
  const csp = async (path: string) => {
    const res = await request.get(path);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['referrer-policy']).toBe('no-referrer');
    return res.headers()['content-security-policy'] ?? '';
  };
  const a = await csp('/');
  const b = await csp('/latency');
  for (const policy of [a, b]) {
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
  }
  expect(a.match(/nonce-([^']+)/)![1]).not.toBe(b.match(/nonce-([^']+)/)![1]);
});

test('security - pages run under the policy with no violation but a library probe the policy blocks', async ({
  page,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __csp: string[] }).__csp.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  for (const path of ['/', '/latency?window=5m']) {
    await page.goto(path);
    // Hydrated and connected: both transports report a state only client code can set.
    for (const t of ['nats', 'kafka'])
      await expect(page.getByTestId(`transport-${t}`)).toHaveAttribute(
        'data-state',
        /waiting|live|stale/,
      );
    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    // hdr-histogram-js probes for Node's zlib with eval() when its module loads; the policy
    // blocks it and the library falls back to pako. That probe, a fixed few per load and
    // never per message, is the only violation allowed.
    expect(violations.filter((v) => v !== 'script-src eval')).toEqual([]);
    expect(violations.length).toBeLessThanOrEqual(4);
  }
});

test('security - no Kafka or server credential reaches the client bundle or the page', async ({
  request,
}) => {
  const config = stackConfig();
  // What only the server may know: the probe's NATS identity, the brokers, the metrics token,
  // the variable names that carry them, and the Kafka client itself.
  const secrets = [
    config.natsPass,
    ...config.kafkaBrokers,
    ...(config.metricsToken ? [config.metricsToken] : []),
    'CUTOVER_NATS_PASS',
    'CUTOVER_NATS_USER',
    'CUTOVER_KAFKA_BROKERS',
    'CUTOVER_METRICS_TOKEN',
    '@platformatic/kafka',
    'bootstrapBrokers',
  ];
  const files = readdirSync('.next/static', { recursive: true, encoding: 'utf8' })
    .map((f) => path.join('.next/static', f))
    .filter((f) => statSync(f).isFile());
  expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(5);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (const s of secrets) if (text.includes(s)) found.push(`${s} in ${file}`);
  }
  for (const page of ['/', '/latency']) {
    const html = await (await request.get(page)).text();
    expect(html).toContain(config.public.natsBrowserUser);
    for (const s of secrets) if (html.includes(s)) found.push(`${s} in ${page}`);
  }
  expect(found).toEqual([]);
});

test('security - SSE: 200 clients dropped abruptly leave the connected-clients gauge at 0 within 10 s', async ({
  baseURL,
  request,
}) => {
  const gauge = async () =>
    Number(
      /^cutover_sse_clients (\d+)/m.exec(await (await request.get('/api/metrics')).text())?.[1],
    );
  // Pages of earlier tests are closed; their streams end within a moment.
  await expect.poll(gauge, { timeout: 10_000 }).toBe(0);
  // 200 browsers as a proxy in front reports them (one address holds at most 8 streams).
  const requests = Array.from({ length: 200 }, (_, i) =>
    http.get(`${baseURL}/api/stream`, {
      agent: false,
      headers: { 'x-forwarded-for': `10.7.${i >> 8}.${i & 255}` },
    }),
  );
  await Promise.all(
    requests.map(
      (req) =>
        new Promise<void>((resolve, reject) => {
          req.once('response', (res) => {
            expect(res.statusCode).toBe(200);
            // The stream's first bytes: the server has counted this client.
            res.once('data', () => resolve());
          });
          req.once('error', reject);
        }),
    ),
  );
  expect(await gauge()).toBe(200);
  // No FIN handshake, no end of request: the sockets just go away.
  const droppedAt = Date.now();
  for (const req of requests) req.socket?.destroy();
  await expect.poll(gauge, { timeout: 10_000, intervals: [100] }).toBe(0);
  expect(Date.now() - droppedAt).toBeLessThanOrEqual(10_000);
});
