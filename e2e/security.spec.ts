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

test('security - the live worker, which holds the connections of the page, runs under the same connect-src', async ({
  request,
}) => {
  // Turbopack's worker entry, from the build the server runs: a worker is governed by the
  // policy of its own script, not the page's.
  const entry = readdirSync('.next/static/chunks').find((f) => f.startsWith('turbopack-worker-'));
  expect(entry).toBeTruthy();
  const res = await request.get(`/_next/static/chunks/${entry}`);
  expect(res.status()).toBe(200);
  const policy = res.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+$/);
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

test('security - SSE: 200 clients dropped abruptly leave the connected-clients gauge at 0', async ({
  baseURL,
  request,
}) => {
  const gauge = async () =>
    Number(
      /^cutover_sse_clients (\d+)/m.exec(await (await request.get('/api/metrics')).text())?.[1],
    );
  // Pages of earlier tests are closed; their streams end within a moment.
  await expect.poll(gauge, { timeout: 10_000 }).toBe(0);
  // 200 browsers, each from an address of its own on loopback (one address holds at most 8
  // streams, and the server keys on the socket, not on a header the client writes).
  const requests = Array.from({ length: 200 }, (_, i) =>
    http.get(`${baseURL}/api/stream`, { agent: false, localAddress: `127.0.7.${i + 1}` }),
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
  // How soon is measured by `npm run reliability` (sse_200_abrupt_drop_gauge_back).
  for (const req of requests) req.socket?.destroy();
  await expect.poll(gauge, { timeout: 10_000, intervals: [100] }).toBe(0);
});

test('security - SSE: a client rotating forged x-forwarded-for values still gets 429 at the per-client limit', async ({
  baseURL,
}) => {
  // One client (one loopback address of its own), a new made-up proxy chain on every request.
  const open = (i: number) =>
    new Promise<{ status: number; req: http.ClientRequest }>((resolve, reject) => {
      const req = http.get(`${baseURL}/api/stream`, {
        agent: false,
        localAddress: '127.0.8.1',
        headers: {
          'x-forwarded-for': `203.0.113.${i + 1}, 10.0.${i}.1`,
          'x-real-ip': `10.1.${i}.1`,
        },
      });
      req.once('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, req });
      });
      req.once('error', reject);
    });
  const streams: http.ClientRequest[] = [];
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const { status, req } = await open(i);
      statuses.push(status);
      streams.push(req);
    }
    // The per-client limit is 8: the ninth and tenth are refused whatever they claimed.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    // Another address is its own client and is served.
    const other = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.get(`${baseURL}/api/stream`, { agent: false, localAddress: '127.0.8.2' });
      streams.push(req);
      req.once('response', resolve).once('error', reject);
    });
    expect(other.statusCode).toBe(200);
    other.resume();
  } finally {
    for (const req of streams) req.destroy();
  }
});
