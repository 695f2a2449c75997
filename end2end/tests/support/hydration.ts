import { Page, expect } from '@playwright/test';

/** Opens `url` and waits until the WASM has hydrated the page (see frontend/src/lib.rs). */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
}
