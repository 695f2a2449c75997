// Issue 11 item 11 in a real browser at phone size: the platform console. A new volunteer asks to
// close the account; the demo platform admin (13800000000, server/src/seed.rs) finds the console
// from "my page", sees the corps with their pending reviews, completes the closure and finds it in
// the audit log by filter. Everyone else is refused, and the link is not shown to them. The
// filters are a GET form, so the log reads the same with JavaScript off.
import { test, expect, Browser, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { freshPhone } from './support/phones';
import { loginWithCode, signedIn } from './support/login';

const PLATFORM_ADMIN = '13800000000';
const CORPS_ADMIN = '13800000001';

function consoleNav(page: Page) {
  return page.getByRole('navigation', { name: '平台管理栏目' });
}

test.describe('with JavaScript', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name === 'phone-nojs', 'closure requests and completion confirm with JavaScript');
  });

  test('the platform admin completes a closure and finds it in the audit log', async ({ browser }, testInfo) => {
    // A new volunteer asks for the account to be closed.
    const phone = freshPhone('137');
    const { context: leaving, page: volunteer } = await signedIn(browser, phone, '/me');
    const number = (await volunteer.locator('#volunteer-no').textContent())?.trim() ?? '';
    expect(number).toMatch(/^KJ\d{10}$/);
    await expect(volunteer.locator('#platform-console-link')).toHaveCount(0);
    await volunteer.getByRole('button', { name: '申请注销账号' }).click();
    await volunteer.getByRole('group').getByRole('button', { name: '申请注销账号' }).click();
    await expect(volunteer.getByRole('button', { name: '撤回注销申请' })).toBeVisible();
    await leaving.close();

    // The platform admin opens the console from "my page".
    const { context, page } = await signedIn(browser, PLATFORM_ADMIN, '/me');
    await page.locator('#platform-console-link').click();
    await expect(page).toHaveURL(/\/platform$/);
    await expect(consoleNav(page)).toBeVisible();
    const corps = page.locator('#corps-list li').filter({ hasText: '江苏省科技志愿服务总队' });
    await expect(corps.getByText(/待审核的注册申请：\d+ 个/)).toBeVisible();
    await expect(corps.getByRole('link', { name: '审核注册申请' })).toHaveAttribute('href', /\/orgs\/\d+\/manage\/reviews$/);
    await expectAccessible(page, testInfo);

    // The closure waits in its section; completing it takes a confirmation.
    await consoleNav(page).getByRole('link', { name: '账号注销' }).click();
    const card = page.locator('#closure-list li').filter({ hasText: number });
    await expect(card).toBeVisible();
    await expectAccessible(page, testInfo);
    await card.getByRole('button', { name: '完成注销' }).click();
    await card.getByRole('button', { name: '确定注销' }).click();
    await expect(page.getByText('已完成注销，本人已收到通知。')).toBeVisible();
    await expect(page.locator('#closure-list li').filter({ hasText: number })).toHaveCount(0);

    // The audit log, filtered by the act, shows it about that number.
    await consoleNav(page).getByRole('link', { name: '审计日志' }).click();
    await page.getByLabel('操作', { exact: true }).selectOption('complete_account_closure');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await expect(page).toHaveURL(/action=complete_account_closure/);
    const entries = page.locator('#audit-list li');
    await expect(entries.first()).toContainText('完成账号注销');
    await expect(entries.filter({ hasText: number })).toHaveCount(1);
    await expectAccessible(page, testInfo);
    await context.close();
  });

  test('an organisation admin is refused and sees no link', async ({ browser }, testInfo) => {
    const { context, page } = await signedIn(browser, CORPS_ADMIN, '/me');
    await expect(page.locator('#platform-console-link')).toHaveCount(0);
    await gotoHydrated(page, '/platform/audit');
    await expect(page.getByRole('alert')).toHaveText(/只对平台管理员开放/);
    await expect(consoleNav(page)).toHaveCount(0);
    await expectAccessible(page, testInfo);
    await context.close();
  });
});

test.describe('without JavaScript', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone-nojs', 'the same page with JavaScript is above');
  });

  /** Signing in needs the script; the cookies are carried into a context without it. */
  async function withoutScript(browser: Browser, phone: string, path: string): Promise<Page> {
    const scripted = await browser.newContext({ javaScriptEnabled: true });
    await loginWithCode(await scripted.newPage(), phone, '/me');
    const storageState = await scripted.storageState();
    await scripted.close();
    const page = await (await browser.newContext({ storageState })).newPage();
    await page.goto(path);
    return page;
  }

  test('the audit log filters by date with a plain form and shows a bad date under its field', async ({ browser }, testInfo) => {
    const page = await withoutScript(browser, PLATFORM_ADMIN, '/platform/audit');
    await expect(consoleNav(page)).toBeVisible();
    await page.getByLabel('开始日期').fill('2000-01-01');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await expect(page).toHaveURL(/from=2000-01-01/);
    await expect(page.getByLabel('开始日期')).toHaveValue('2000-01-01');
    await expectAccessible(page, testInfo);
    await page.goto('/platform/audit?from=2000-13-40');
    await expect(page.locator('#f-from-error')).not.toBeEmpty();
  });
});
