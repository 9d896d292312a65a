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
