import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  encodeHistogramWindow,
  encodeRawWindow,
  newLatencyHistogram,
  samplesSubject,
  REJECT_REASONS,
  type RejectReason,
} from '@/lib/samples';
import { uniqueId } from '@/lib/testing/stack';
import { openDashboard, Publisher } from './helpers';

let publisher: Publisher;
test.beforeAll(async () => {
  publisher = await Publisher.open();
});
test.afterAll(async () => {
  await publisher.close();
});

/**
 * 1,000 hostile sample messages, each with the reason the decoder must give. Every kind
 * the issue names: broken JSON, wrong types, NaN/Infinity, negative and absurd latencies,
 * corrupt histograms, > 64 KiB, __proto__/constructor keys, 10,000-character and
 * HTML/script ids, plus the protocol's own refusals (version, window, count mismatch).
 */
function hostileMessages(backend: string, probeId: string): [RejectReason, string][] {
  const startMs = Math.floor(Date.now() / 1000) * 1000;
  const meta = { backend, probeId, windowStartMs: startMs, windowEndMs: startMs + 1000 };
  const good = JSON.parse(encodeRawWindow({ ...meta, errors: 0, bytes: 0 }, [1000])) as Record<
    string,
    unknown
  >;
  const h = newLatencyHistogram();
  h.recordValue(2000);
  const goodHdr = JSON.parse(encodeHistogramWindow({ ...meta, errors: 0, bytes: 0 }, h)) as Record<
    string,
    unknown
  >;
  const huge = newLatencyHistogram();
  huge.recordValue(4_000_000_000); // over an hour in µs: corrupt, not slow
  const hugeHdr = JSON.parse(
    encodeHistogramWindow({ ...meta, errors: 0, bytes: 0 }, huge),
  ) as Record<string, unknown>;
  const text = JSON.stringify(good);
  const script = '<script>alert(document.domain)</script>';
  const kinds: ((i: number) => [RejectReason, string])[] = [
    (i) => ['not_json', text.slice(0, 1 + (i % (text.length - 2)))],
    () => ['not_json', text.replace('[1000]', '[NaN]')],
    () => ['not_json', text.replace('[1000]', '[Infinity]')],
    () => ['not_json', `${script}${text}`],
    () => ['not_json', ''],
    () => ['bad_schema', text.replace('[1000]', '[1e999]')],
    (i) => ['bad_schema', JSON.stringify({ ...good, latenciesUs: [-1 - i] })],
    (i) => ['bad_schema', JSON.stringify({ ...good, latenciesUs: [1e15 + i] })],
    (i) => ['bad_schema', JSON.stringify({ ...good, latenciesUs: `${i}` })],
    () => ['bad_schema', JSON.stringify({ ...good, windowStartMs: String(startMs) })],
    () => ['bad_schema', JSON.stringify({ ...good, errors: -1 })],
    () => ['bad_schema', JSON.stringify({ ...good, latenciesUs: [1.5] })],
    (i) => ['bad_schema', JSON.stringify({ ...good, probe: 'p'.repeat(10_000 + i) })],
    () => ['bad_schema', JSON.stringify({ ...good, backend: 'b'.repeat(10_000) })],
    () => ['bad_schema', JSON.stringify({ ...good, probe: script })],
    () => ['bad_schema', JSON.stringify({ ...good, backend: '"><img src=x onerror=alert(1)>' })],
    () => [
      'bad_schema',
      `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
    ],
    () => [
      'bad_schema',
      text
        .replace(/^\{/, '{"__proto__":{"polluted":true},')
        .replace('"latenciesUs"', '"latencies"'),
    ],
    () => ['bad_schema', JSON.stringify({ ...good, backend: { __proto__: { polluted: true } } })],
    () => ['bad_schema', '[1,2,3]'],
    () => ['bad_schema', 'null'],
    (i) => ['bad_version', JSON.stringify({ ...good, v: 2 + i })],
    () => ['bad_version', JSON.stringify({ ...good, v: '1' })],
    (i) => ['bad_histogram', JSON.stringify({ ...goodHdr, hdr: `AAAA${i}` })],
    () => [
      'bad_histogram',
      JSON.stringify({ ...goodHdr, hdr: (goodHdr.hdr as string).slice(0, 20) }),
    ],
    () => ['bad_histogram', JSON.stringify({ ...goodHdr, hdr: script })],
    (i) => ['inconsistent', JSON.stringify({ ...goodHdr, count: 2 + i })],
    () => ['out_of_range', JSON.stringify(hugeHdr)],
    () => ['out_of_range', JSON.stringify({ ...good, windowEndMs: startMs - 1000 })],
    (i) => ['oversize', JSON.stringify({ ...good, pad: 'x'.repeat(64 * 1024 + i) })],
    (i) => [
      'clock_skew',
      JSON.stringify({
        ...good,
        windowStartMs: startMs + 3_600_000 + i * 1000,
        windowEndMs: startMs + 3_601_000 + i * 1000,
      }),
    ],
    (i) => [
      'too_old',
      JSON.stringify({ ...good, windowStartMs: i * 1000, windowEndMs: i * 1000 + 1000 }),
    ],
  ];
  return Array.from({ length: 1000 }, (_, i) => kinds[i % kinds.length]!(i));
}

/**
 * The refusals that depend on how a message travels: a subject or key that names someone
 * else, and a second copy of an accepted window with other content (a conflict; the
 * accepted first copies are on a backend of their own, which is drawn).
 */
function routedMessages(backend: string, probeId: string) {
  const startMs = Math.floor(Date.now() / 1000) * 1000 - 2000;
  const window = (i: number, b: string, values: number[]) =>
    encodeRawWindow(
      {
        backend: b,
        probeId,
        windowStartMs: startMs - i * 1000,
        windowEndMs: startMs - i * 1000 + 1000,
        errors: 0,
        bytes: 0,
      },
      values,
    );
  const n = 30;
  return {
    n,
    impostor: Array.from({ length: n }, (_, i) => window(i, backend, [1000])),
    conflictBackend: `${backend}-c`,
    firsts: Array.from({ length: n }, (_, i) => window(i, `${backend}-c`, [1000])),
    seconds: Array.from({ length: n }, (_, i) => window(i, `${backend}-c`, [900_000 + i])),
  };
}

/** cutover_samples_rejected_total by transport and reason, from /api/metrics. */
async function rejectedCounts(request: APIRequestContext): Promise<Map<string, number>> {
  const text = await (await request.get('/api/metrics')).text();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(
    /^cutover_samples_rejected_total\{transport="(\w+)",reason="(\w+)"\} (\d+)/gm,
  ))
    counts.set(`${m[1]}/${m[2]}`, Number(m[3]));
  return counts;
}

test('hostile input - 1,000 malformed messages per transport are counted by reason in the page and /api/metrics, never drawn, no script runs', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const backend = uniqueId('hostile').toLowerCase();
  const probeId = uniqueId('e2e');
  const messages = hostileMessages(backend, probeId);
  const expected = new Map<RejectReason, number>();
  for (const [reason] of messages) expected.set(reason, (expected.get(reason) ?? 0) + 1);
  const routed = routedMessages(backend, probeId);
  expected.set('subject_mismatch', routed.n);
  expected.set('conflict', routed.n);
  expect(expected.size).toBe(REJECT_REASONS.length);
  const total = [...expected.values()].reduce((a, b) => a + b, 0);

  const dialogs: string[] = [];
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await openDashboard(page);
  const before = await rejectedCounts(request);

  for (const [, text] of messages) await publisher.nats(backend, probeId, text);
  for (let i = 0; i < messages.length; i += 100) {
    await publisher.kafkaBatch(
      backend,
      messages.slice(i, i + 100).map(([, text]) => text),
    );
  }
  for (const text of routed.impostor)
    publisher.publishRaw(samplesSubject(backend, 'impostor'), text);
  for (const text of [...routed.firsts, ...routed.seconds])
    publisher.publishRaw(samplesSubject(routed.conflictBackend, probeId), text);
  await publisher.flush();
  await publisher.kafkaBatch('not-the-backend', routed.impostor);
  await publisher.kafkaBatch(routed.conflictBackend, [...routed.firsts, ...routed.seconds]);

  await expect(page.getByTestId('rejections')).toHaveAttribute('data-total', String(2 * total), {
    timeout: 60_000,
  });
  for (const [reason, n] of expected)
    await expect(page.getByTestId(`rejected-${reason}`)).toHaveAttribute(
      'data-count',
      String(2 * n),
    );
  await expect
    .poll(
      async () => {
        const after = await rejectedCounts(request);
        return Object.fromEntries(
          ['nats', 'kafka'].flatMap((t) =>
            REJECT_REASONS.map((r) => [
              `${t}/${r}`,
              (after.get(`${t}/${r}`) ?? 0) - (before.get(`${t}/${r}`) ?? 0),
            ]),
          ),
        );
      },
      { timeout: 30_000 },
    )
    .toEqual(
      Object.fromEntries(
        ['nats', 'kafka'].flatMap((t) =>
          REJECT_REASONS.map((r) => [`${t}/${r}`, expected.get(r) ?? 0]),
        ),
      ),
    );

  // Nothing drawn, nothing injected, nothing polluted, the page still alive and connected.
  await expect(page.getByTestId(`backend-${backend}`)).toHaveCount(0);
  await expect(page.locator('script:not([src]):not([nonce])')).toHaveCount(0);
  expect(
    await page.evaluate(() => ({
      polluted: ({} as Record<string, unknown>).polluted ?? null,
      objectKeys: Object.getOwnPropertyNames(Object.prototype).length,
      title: document.title.length > 0,
    })),
  ).toEqual({ polluted: null, objectKeys: expect.any(Number), title: true });
  for (const t of ['nats', 'kafka'])
    await expect(page.getByTestId(`transport-${t}`)).toHaveAttribute(
      'data-state',
      /waiting|live|stale/,
    );
  expect(dialogs).toEqual([]);
  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  // Only hdr-histogram-js's load-time eval probe (see security.spec.ts) may be blocked.
  expect(violations.filter((v) => v !== 'script-src eval')).toEqual([]);
});
