// Joining, withdrawing, the staff's decision and leaving with JavaScript off: every step is a
// plain form (a POST to the server function that comes back to the page with 303, or a GET that
// opens a confirmation with `?decline=` / `?leave=`), and a refusal shows on the page the post
// came back to. Seeded demo data (server/src/seed.rs): 武进区科技志愿服务支队 (4, staff
// 13800000003); 赵丽娟 (13900000004) is a member of 天宁 and has never applied to 武进.
import { test, expect, Browser, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { loginWithCode } from './support/login';

const WUJIN = 4;
const WUJIN_STAFF = '13800000003';
const ZHAO = '13900000004';

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone-nojs', 'the same journeys with JavaScript are in orgs.spec.ts and manage.spec.ts');
});

/**
 * A page without JavaScript, signed in as `phone`. Signing in by SMS code needs the script, so
 * the session is made in a scripted context (new contexts take the project's options, so the
 * script is switched back on for it) and its cookies carried over.
 */
async function withoutScript(browser: Browser, phone: string, path: string): Promise<Page> {
  const scripted = await browser.newContext({ javaScriptEnabled: true });
  await loginWithCode(await scripted.newPage(), phone, '/me/orgs');
  const storageState = await scripted.storageState();
  await scripted.close();
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test('a volunteer applies, withdraws and applies again; staff decline with a reason; she leaves', async ({ browser }, testInfo) => {
  const volunteer = await withoutScript(browser, ZHAO, `/orgs/${WUJIN}`);
  await volunteer.getByRole('button', { name: '申请加入' }).click();
  await expect(volunteer).toHaveURL(new RegExp(`/orgs/${WUJIN}\\??$`));
  await expect(volunteer.getByText('您在本组织的状态：申请审核中')).toBeVisible();
  await expectAccessible(volunteer, testInfo);

  // Withdrawing is one button under "我的组织".
  await volunteer.goto('/me/orgs');
  const application = volunteer.locator('.membership-card').filter({ hasText: '武进区科技志愿服务支队' });
  await application.getByRole('button', { name: '撤回申请' }).click();
  await expect(volunteer).toHaveURL(/\/me\/orgs\??$/);
  await expect(application.getByText('已撤回', { exact: true })).toBeVisible();
  await expect(application.getByRole('button', { name: '撤回申请' })).toHaveCount(0);

  await volunteer.goto(`/orgs/${WUJIN}`);
  await volunteer.getByRole('button', { name: '申请加入' }).click();
  await expect(volunteer.getByText('您在本组织的状态：申请审核中')).toBeVisible();

  // Staff open the decline form: a GET to the page with ?decline={id}, drawn by the server.
  const staff = await withoutScript(browser, WUJIN_STAFF, `/orgs/${WUJIN}/manage/applications`);
  const card = staff.locator('.application-card').filter({ hasText: '赵丽娟' });
  await expect(card).toHaveCount(1);
  await expectAccessible(staff, testInfo);
  await card.getByRole('button', { name: '拒绝' }).click();
  await expect(staff).toHaveURL(/\/manage\/applications\?decline=\d+$/);
  const reason = card.getByRole('textbox', { name: /拒绝理由/ });
  await expect(reason).toBeVisible();
  await expectAccessible(staff, testInfo);

  // Without a reason the server refuses; the page it sends back shows why, under the field.
  await card.getByRole('button', { name: '确认拒绝' }).click();
  await expect(staff).toHaveURL(/decline=\d+.*__err=/);
  await expect(card.getByText('此项为必填项')).toBeVisible();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(staff, testInfo);

  // "取消" closes the form; opening it again and giving a reason decides.
  await card.getByRole('button', { name: '取消' }).click();
  await expect(staff).toHaveURL(new RegExp(`/orgs/${WUJIN}/manage/applications\\??$`));
  await expect(reason).toHaveCount(0);
  await card.getByRole('button', { name: '拒绝' }).click();
  await reason.fill('本期招募已满，欢迎下次报名。');
  await card.getByRole('button', { name: '确认拒绝' }).click();
  await expect(staff.locator('.application-card').filter({ hasText: '赵丽娟' })).toHaveCount(0);
  await staff.context().close();

  // She sees the reason, and leaves 天宁 through the confirmation in the address.
  await volunteer.goto('/me/orgs');
  const declined = volunteer.locator('.membership-card').filter({ hasText: '本期招募已满' });
  await expect(declined.getByText('未通过', { exact: true })).toBeVisible();
  const tianning = volunteer.locator('.membership-card').filter({ hasText: '天宁' }).filter({ has: volunteer.getByText('已加入', { exact: true }) });
  await tianning.getByRole('button', { name: '退出组织' }).click();
  await expect(volunteer).toHaveURL(/\/me\/orgs\?leave=\d+$/);
  await expect(volunteer.getByText(/确定退出“.*天宁.*”吗/)).toBeVisible();
  await expectAccessible(volunteer, testInfo);
  await volunteer.getByRole('textbox', { name: /退出原因/ }).fill('工作调动');
  await volunteer.getByRole('button', { name: '确认退出' }).click();
  await expect(volunteer.locator('.membership-card').filter({ hasText: '天宁' }).getByText('已退出', { exact: true })).toBeVisible();
  await volunteer.context().close();
});
