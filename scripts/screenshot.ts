/**
 * Takes a Chromium screenshot of a Cutover page: `npm run screenshot -- [url] [out.png]`.
 * Used for the README and to look at the page the way a user does.
 */
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:3000/';
const out = process.argv[3] ?? 'docs/screenshot-overview.png';
const waitMs = Number(process.env.SCREENSHOT_WAIT_MS ?? 8000);

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
  });
  await page.goto(url);
  await page.waitForTimeout(waitMs);
  await page.screenshot({ path: out, fullPage: true });
  await browser.close();
  console.log(`screenshot: ${out}`);
}

void main();
