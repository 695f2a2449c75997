// F-07 and the language switch: large text and English survive a reload (cookies the server
// reads, so the first paint is already right) and both modes pass axe.
import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'the switches are buttons that need JavaScript');
});

test('large text mode is one tap and stays on', async ({ page }, testInfo) => {
  await gotoHydrated(page, '/');
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/large-text/);
  const before = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const toggle = page.getByRole('button', { name: '长辈版' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveClass(/large-text/);
  const after = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(after).toBeGreaterThanOrEqual(before * 1.2);
  await page.reload();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await expect(html).toHaveClass(/large-text/);
  await expectAccessible(page, testInfo);
});

test('the English switch translates the interface and sets the page language', async ({ page }, testInfo) => {
  await gotoHydrated(page, '/');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Science and technology volunteering starts here');
  await page.reload();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /Activities/ })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole('button', { name: '切换到中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

// The language is one site-wide choice: one chosen on a page deeper in the site (hydrated by the
// whole app) must not outvote one chosen later on the home page (a light page).
test('the last language chosen holds on every page', async ({ page }) => {
  await gotoHydrated(page, '/demands/new');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await gotoHydrated(page, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '切换到中文' }).click();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await gotoHydrated(page, '/demands/new');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const cookies = (await page.context().cookies()).filter((c) => c.name === 'i18n_pref_locale');
  expect(cookies.map((c) => [c.path, c.value])).toEqual([['/', 'zh-CN']]);
});
