import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';

test('home page is Chinese, has a heading, and passes axe', async ({ page }, testInfo) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(await page.locator('html').getAttribute('lang')).toMatch(/^zh/);
  await expect(page.locator('h1').first()).toBeVisible();
  await expectAccessible(page, testInfo);
});

// Issue 14: what a repeat visit costs. The page's own files are named by their content and kept a
// year; the page itself is revalidated and comes back 304 when nothing changed.
test('a repeat visit re-downloads nothing: hashed files are immutable and the page answers 304', async ({
  page,
  request,
}) => {
  const response = await page.goto('/activities');
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers['etag']).toMatch(/^W\/"/);
  expect(headers['cache-control']).toContain('no-cache');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /活动/);

  const files = await page
    .locator('link[href^="/pkg/"]')
    .evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
  expect(files.some((f) => /\.wasm$/.test(f))).toBe(true);
  expect(files.some((f) => /\.css$/.test(f))).toBe(true);
  for (const file of files) {
    expect(file).toMatch(/^\/pkg\/sciserve\.[A-Za-z0-9_-]{16,}\.(js|wasm|css)$/);
    const asset = await request.get(file);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }

  const again = await request.get('/activities', { headers: { 'If-None-Match': headers['etag'] } });
  expect(again.status()).toBe(304);
});
