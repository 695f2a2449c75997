// The public map (F-41) on a phone-sized screen with no tiles (tests have no internet, and every
// tile request is aborted here): the markers still show, the server-rendered list holds the
// demo venues, and a venue's page opens with its Open Graph tags. Runs with and without
// JavaScript: without it the list is the whole page.
import { test, expect, type Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';

async function blockTiles(page: Page): Promise<string[]> {
  const aborted: string[] = [];
  // Anything not served by us (the tile server first of all) is refused.
  await page.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    (route) => {
      aborted.push(route.request().url());
      return route.abort();
    },
  );
  return aborted;
}

test('the public opens the map with no tiles, sees markers and the list, and opens a venue', async ({ page }, testInfo) => {
  const js = testInfo.project.name !== 'phone-nojs';
  const aborted = await blockTiles(page);
  const response = await page.goto('/map');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: '服务阵地地图' })).toBeVisible();

  // The list under the map, rendered by the server.
  const list = page.locator('.map-venues');
  await expect(list.getByRole('link', { name: '常州科技馆' })).toBeVisible();
  await expect(list.getByRole('link', { name: '湖塘镇新时代文明实践所' })).toBeVisible();
  await expect(page.locator('.map-activities').getByRole('link').first()).toBeVisible();

  if (js) {
    // Leaflet drew the server's markers although every tile request failed.
    const markers = page.locator('#venue-map .map-marker');
    await expect(markers.first()).toBeVisible({ timeout: 20_000 });
    expect(await markers.count()).toBeGreaterThan(0);
    expect(aborted.some((u) => u.includes('tile.openstreetmap.org'))).toBe(true);
    // A group zooms in; at street level the lone venue opens its page from its popup.
    await page.goto('/map?bbox=119.95,31.80,120.00,31.82&layer=venues');
    const museum = page.locator('#venue-map .map-marker-venue[title="常州科技馆"]');
    await expect(museum).toBeVisible({ timeout: 20_000 });
    await museum.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.leaflet-popup').getByRole('link', { name: '常州科技馆' })).toBeVisible();
    await page.goto('/map');
  }
  // Markers sit where the places are, so two near each other can overlap: WCAG 2.5.8's
  // "essential" exception (a map's pins). Their names are their titles, checked above, and the
  // list under the map is the keyboard path; everything else on the page is scanned.
  await expectAccessible(page, testInfo, { exclude: ['.leaflet-marker-pane'] });

  // The kind filter is a plain GET form.
  await page.getByLabel('阵地类型').selectOption('hospital');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/kind=hospital/);
  await expect(page.locator('.map-venues').getByRole('link', { name: '常州市第一人民医院科普基地' })).toBeVisible();
  await expect(page.locator('.map-venues').getByRole('link', { name: '常州科技馆' })).toHaveCount(0);

  // The venue page, server-rendered with its Open Graph tags and what is held there.
  await page.goto('/map');
  await page.locator('.map-venues').getByRole('link', { name: '常州科技馆' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '常州科技馆' })).toBeVisible();
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', '常州科技馆');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /.+/);
  await expect(page.getByRole('link', { name: '青少年科技馆科普讲解' })).toBeVisible();
  await expectAccessible(page, testInfo);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // Leaflet belongs to the map page alone.
  await page.goto('/activities');
  await expect(page.locator('script[src*="leaflet"]')).toHaveCount(0);
});
