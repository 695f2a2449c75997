// Signing in by SMS code in a real browser, once per number per worker: a second code for the same
// number within a minute is refused (code_resend_s), so later tests reuse the signed-in cookies.
import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import { gotoHydrated } from './hydration';
import { lastSmsCode, smsCount } from './sms';

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

const sessions = new Map<string, Session>();

export async function loginWithCode(page: Page, phone: string, next: string) {
  await gotoHydrated(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(phone);
  const before = smsCount(phone);
  const send = page.getByRole('button', { name: '获取验证码' });
  await send.click();
  const sent = page.getByText(/验证码已发送至/);
  const tooSoon = page.getByRole('alert').filter({ hasText: /秒后再试/ });
  await expect(sent.or(tooSoon)).toBeVisible();
  if (await tooSoon.isVisible()) {
    // Another spec asked for a code for this number moments ago: wait out the interval.
    test.info().setTimeout(test.info().timeout + 75_000);
    await expect(send).toBeEnabled({ timeout: 70_000 });
    await send.click();
    await expect(sent).toBeVisible();
  }
  await page.getByLabel('短信验证码').fill(await lastSmsCode(phone, { after: before }));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === next.split('?')[0]);
  // The sign-in page is a light page: the next page is a new document, hydrated on its own.
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
}

/** A new context signed in as `phone`, its page open at `next` and hydrated. */
export async function signedIn(browser: Browser, phone: string, next: string): Promise<{ context: BrowserContext; page: Page }> {
  const saved = sessions.get(phone);
  const context = await browser.newContext(saved ? { storageState: saved } : {});
  const page = await context.newPage();
  if (saved) {
    await gotoHydrated(page, next);
  } else {
    await loginWithCode(page, phone, next);
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
    sessions.set(phone, await context.storageState());
  }
  return { context, page };
}
