import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';

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
}, testInfo) => {
  const response = await page.goto('/activities');
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  expect(headers['etag']).toMatch(/^W\/"/);
  expect(headers['cache-control']).toContain('no-cache');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /活动/);

  // Everything the page fetched from /pkg/: the style from the head, then (after the first paint,
  // with JavaScript) the light module's script and WASM and the region table.
  const scripted = testInfo.project.name !== 'phone-nojs';
  if (scripted) await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  const files = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((path) => path.startsWith('/pkg/')),
  );
  expect(files.some((f) => /\.wasm$/.test(f))).toBe(scripted);
  expect(files.some((f) => /\.js$/.test(f))).toBe(scripted);
  expect(files.some((f) => /\.css$/.test(f))).toBe(true);
  for (const file of files) {
    expect(file).toMatch(/^\/pkg\/(sciserve|light-list|regions)\.[A-Za-z0-9_-]{16,}\.(js|wasm|css|tsv)$/);
    const asset = await request.get(file);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }

  const again = await request.get('/activities', { headers: { 'If-None-Match': headers['etag'] } });
  expect(again.status()).toBe(304);
});

// Issue 14: a first visit to a light page (app/src/shell/light.rs) downloads its bundle's light
// module only, which mounts the page's islands (the activity list's after fetching the region
// table, which is not in the module); a page outside them (here the map, in the "public_page" group)
// loads the whole app's main module and its group's code, and no other group's
// (app/src/shell/pages.rs).
test('a light page loads the light module only, and the map loads the app with its own page group', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'no WASM runs without JavaScript');
  const wasm: string[] = [];
  const tables: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
    if (path.endsWith('.tsv')) tables.push(path);
  });
  await gotoHydrated(page, '/activities');
  expect(wasm).toEqual([expect.stringMatching(/^\/pkg\/light-list\.[0-9a-f]{20}\.wasm$/)]);
  // Nothing on it hydrates, so the server wrote no resource data for hydration into it; the map,
  // which the whole app hydrates, carries its own.
  expect(await (await page.request.get('/activities')).text()).not.toContain('__RESOLVED_RESOURCES[');
  expect(await (await page.request.get('/map')).text()).toContain('__RESOLVED_RESOURCES[');
  // Its islands answer: the search form's island is mounted, and its region selects follow each
  // other from the table fetched beside the module (preloaded, so fetched once).
  await expect(page.locator('[data-island="activity-search"] form')).toHaveCount(1);
  expect(tables).toEqual([expect.stringMatching(/^\/pkg\/regions\.[0-9a-f]{16}\.tsv$/)]);
  const search = page.locator('[data-island="activity-search"]');
  await search.locator('select[name="province"]').selectOption('32');
  await expect(search.locator('select[name="city"] option[value="3204"]')).toHaveCount(1);
  await expectAccessible(page, testInfo);

  // Sign-in is another bundle: its own module, without the list's code or the table.
  wasm.length = 0;
  tables.length = 0;
  await gotoHydrated(page, '/login');
  expect(wasm).toEqual([expect.stringMatching(/^\/pkg\/light-login\.[0-9a-f]{20}\.wasm$/)]);
  expect(tables).toEqual([]);

  await gotoHydrated(page, '/activities');

  wasm.length = 0;
  // A link from a light page loads the next page; the map is hydrated by the whole app.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '地图' }).click();
  await expect(page).toHaveURL(/\/map$/);
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('[data-page-group="public_page"]')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(wasm.some((p) => /^\/pkg\/sciserve\.[A-Za-z0-9_-]{16,}\.wasm$/.test(p))).toBe(true);
  expect(wasm.some((p) => /^\/pkg\/split_public_page_/.test(p))).toBe(true);
  expect(wasm.filter((p) => /split_(staff|personal|platform)_page_/.test(p))).toEqual([]);
  // Map pins are left out as in map.spec.ts (WCAG 2.5.8's exception; the list is the accessible path).
  await expectAccessible(page, testInfo, { exclude: ['.leaflet-marker-pane'] });
});
