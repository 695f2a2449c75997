import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';

test('home page is Chinese, has a heading, and passes axe', async ({ page }, testInfo) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(await page.locator('html').getAttribute('lang')).toMatch(/^zh/);
  await expect(page.locator('h1').first()).toBeVisible();
  await expectAccessible(page, testInfo);
});
