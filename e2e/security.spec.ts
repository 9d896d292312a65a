import { expect, test } from '@playwright/test';

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
