// Accessibility check with axe-core: WCAG 2.0/2.1 A+AA and WCAG 2.2 AA rules.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeOptions {
  /** CSS selectors to leave out of the scan (e.g. a third-party widget). */
  exclude?: string[];
  /** axe rule ids to switch off, each with a reason in the calling test. */
  disableRules?: string[];
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

async function analyze(page: Page, options: AxeOptions): Promise<AxeResults> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  return builder.analyze();
}

/**
 * axe runs as JavaScript in the page, which a context with javaScriptEnabled:false cannot do (it
 * hangs). So for the no-JS project: copy the page's HTML as it is now into a fresh JS-enabled page
 * at the same URL and size, with every script and WASM request blocked so nothing hydrates, and let
 * axe look at that. Stylesheets, images and fonts still come from the server, so contrast is real.
 */
async function analyzeWithoutPageScripts(page: Page, options: AxeOptions): Promise<AxeResults> {
  const html = await page.content();
  const url = page.url().split('#')[0];
  const browser = page.context().browser();
  if (!browser) throw new Error('expectAccessible: no browser behind this page');
  const context = await browser.newContext({
    viewport: page.viewportSize(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    javaScriptEnabled: true,
  });
  try {
    let served = false;
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (!served && request.resourceType() === 'document' && request.url().split('#')[0] === url) {
        served = true;
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (request.resourceType() === 'script' || /\.wasm(\?|$)/.test(request.url())) return route.abort();
      return route.continue();
    });
    const copy = await context.newPage();
    if (/^https?:/.test(url)) await copy.goto(url, { waitUntil: 'load' });
    else await copy.setContent(html, { waitUntil: 'load' });
    return await analyze(copy, options);
  } finally {
    await context.close();
  }
}

function javaScriptOff(testInfo?: TestInfo): boolean {
  try {
    return (testInfo ?? test.info()).project.use.javaScriptEnabled === false;
  } catch {
    return false; // not inside a test
  }
}

/**
 * Runs axe on the page as it is now and fails with a readable list of violations (rule, impact,
 * the elements' selectors). With `testInfo`, the full axe result is attached to the report.
 */
export async function expectAccessible(page: Page, testInfo?: TestInfo, options: AxeOptions = {}): Promise<void> {
  // A page whose WASM panicked (hydration included) no longer answers clicks: frontend/src/lib.rs
  // marks it, and every page a test checks must be free of it.
  await expect(page.locator('html[data-panicked]'), `the page's WASM panicked on ${page.url()} (see its console)`).toHaveCount(0);
  const results = javaScriptOff(testInfo)
    ? await analyzeWithoutPageScripts(page, options)
    : await analyze(page, options);

  if (testInfo) {
    await testInfo.attach('axe-results.json', {
      body: JSON.stringify(results, null, 2),
      contentType: 'application/json',
    });
  }

  const violations = results.violations.map((v) => {
    const targets = v.nodes.map((n) => n.target.map(String).join(' >> '));
    const shown = targets.slice(0, 5).join(' | ') + (targets.length > 5 ? ` | …(+${targets.length - 5})` : '');
    return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help} — ${shown}`;
  });
  expect(violations, `axe found accessibility violations on ${page.url()}`).toEqual([]);
}
