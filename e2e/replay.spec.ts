import { expect, test } from '@playwright/test';
import { replayPort } from '../playwright.config';

test.use({ baseURL: `http://127.0.0.1:${replayPort}` });

test('replay - the embedded default shows the shipped recording, labelled as a replay', async ({
  page,
}) => {
  await page.goto('/');
  const banner = page.getByTestId('replay-banner');
  await expect(banner).toContainText('REPLAY — not live data');
  await expect(banner).toContainText(/recording of a real probe run made on \d{4}-\d{2}-\d{2}/);
  // The recording's windows arrive through the same SSE route as live Kafka data.
  for (const backend of ['kafka', 'nats']) {
    await expect(page.getByTestId(`p99-${backend}`)).toHaveAttribute(
      'data-value-us',
      /^[1-9]\d*$/,
      { timeout: 20_000 },
    );
  }
  await expect(page.getByTestId('transport-nats')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('transport-kafka')).toHaveAttribute('data-state', 'live');
  await page.screenshot({ path: test.info().outputPath('replay.png'), fullPage: true });
});

test('replay - a page is rendered with the recent past from the server, so a late tab starts drawn', async ({
  page,
  request,
}) => {
  const rows = (html: string) =>
    (/data-testid="series-table"[\s\S]*?<\/table>/.exec(html)?.[0].match(/<tr/g)?.length ?? 1) - 1;
  // A first tab, until the server has played at least ten seconds of the recording.
  await page.goto('/latency?window=1m');
  await expect
    .poll(async () => page.locator('[data-testid="series-table"] tbody tr').count(), {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(10);
  // The HTML of a new page already holds those seconds: drawn before any feed connects.
  expect(rows(await (await request.get('/latency?window=1m')).text())).toBeGreaterThanOrEqual(10);
});
