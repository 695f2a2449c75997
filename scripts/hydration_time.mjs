// Time until a page is usable on a slow phone, which Lighthouse's simulated "time to interactive"
// does not see (it waits for a quiet main thread, not for the WASM to hydrate). Opens each page
// in Debian's Chromium throttled like Lighthouse's mobile preset (150 ms round trip, 1.6 Mbit/s
// down, 750 kbit/s up, CPU 4× slower), empty cache, and prints when the page was painted and
// when the app marked it hydrated (`html[data-hydrated]`, frontend/src/lib.rs).
//   node scripts/hydration_time.mjs http://127.0.0.1:3197 / /activities …   (scripts/lighthouse.sh runs it)
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const { chromium } = require('../end2end/node_modules/playwright-core');

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
console.log(`${'page'.padEnd(22)} ${'FCP s'.padStart(6)} ${'hydrated s'.padStart(10)}`);
for (const path of paths) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(base + path, { waitUntil: 'commit' });
  // Polled every 50 ms inside the page, so the figure is at most that late.
  const hydrated = await (
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated') && performance.now(), null, {
      polling: 50,
      timeout: 120_000,
    })
  ).jsonValue();
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  console.log(`${path.padEnd(22)} ${(fcp / 1000).toFixed(2).padStart(6)} ${(hydrated / 1000).toFixed(2).padStart(10)}`);
  await context.close();
}
await browser.close();
