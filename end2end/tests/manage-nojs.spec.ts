// The organiser's sign-up queue without JavaScript: "不通过" is a GET that opens the reason form
// (?decline=), the decision is a plain form post answered with 303 back to the console, and a
// refusal (no reason given) shows under the field on the page it comes back to. The same queue
// with JavaScript is the shared DecisionQueue that manage.spec.ts covers for join applications.
// Seeded demo data (server/src/seed.rs, seed_activities.rs): 武进区科技志愿服务支队 (4, staff
// 13800000003) publishes 乡村健康义诊, which needs approval and a doctor's qualification; 陈建国
// (13900000003) and 刘洋 (13900000005) have complete profiles and no sign-ups for it.
import { test, expect, Browser, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { loginWithCode } from './support/login';

const WUJIN = 4;
const WUJIN_STAFF = '13800000003';
const TITLE = '乡村健康义诊';

/** A page without JavaScript with the cookies of the signed-in `scripted` page (which closes). */
async function carryOver(browser: Browser, scripted: Page): Promise<Page> {
  const storageState = await scripted.context().storageState();
  await scripted.context().close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: false });
  return context.newPage();
}

/** Signing in by SMS code needs the script: a page with it, signed in as `phone`, at `next`. */
async function signIn(browser: Browser, phone: string, next: string): Promise<Page> {
  const scripted = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  await loginWithCode(scripted, phone, next);
  return scripted;
}

/** A volunteer asks for a place with the plain form; the sign-up then waits for approval. */
async function requestPlace(browser: Browser, phone: string, activityPath: string): Promise<Page> {
  const page = await carryOver(browser, await signIn(browser, phone, '/activities'));
  await page.goto(activityPath);
  await page.getByLabel('我已阅读并了解上述风险提示').check();
  await page.getByRole('button', { name: '报名参加' }).click();
  await expect(page.locator('#signup-panel')).toContainText('组织方审核后会通知您。');
  return page;
}

test('without JavaScript an organiser declines with a reason and approves sign-ups', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone-nojs', 'the journey without JavaScript');
  test.setTimeout(180_000);
  // The demo activity asks for a doctor's qualification nobody seeded has: the organiser drops
  // it first (editing needs the script), so the volunteers can ask for a place.
  const scripted = await signIn(browser, WUJIN_STAFF, '/activities');
  await gotoHydrated(scripted, `/activities?q=${encodeURIComponent('义诊')}`);
  await scripted.locator('li.activity-card').filter({ hasText: TITLE }).getByRole('link', { name: TITLE }).click();
  await expect(scripted).toHaveURL(/\/activities\/\d+$/);
  const activityPath = new URL(scripted.url()).pathname;
  await gotoHydrated(scripted, `${activityPath}/edit`);
  await scripted.locator('#f-qualification').fill('');
  await scripted.locator('#save-changes').click();
  await expect(scripted).toHaveURL((url) => url.pathname === activityPath);
  const staff = await carryOver(browser, scripted);

  const liu = await requestPlace(browser, '13900000005', activityPath);
  const chen = await requestPlace(browser, '13900000003', activityPath);

  const consolePath = `/orgs/${WUJIN}/manage/activities`;
  await staff.goto(consolePath);
  const card = staff.locator('.signup-request').filter({ hasText: '刘洋' });
  await expect(card).toHaveCount(1);
  await expectAccessible(staff, testInfo);

  // "不通过" opens the reason form in the address, drawn by the server.
  await card.getByRole('button', { name: '不通过' }).click();
  await expect(staff).toHaveURL((url) => url.pathname === consolePath && url.searchParams.has('decline'));
  const reason = card.getByRole('textbox', { name: /不通过原因/ });
  await expect(reason).toBeVisible();

  // Without a reason the server refuses; the page it sends back shows why, under the field.
  await card.getByRole('button', { name: '确认不通过' }).click();
  await expect(staff).toHaveURL((url) => url.searchParams.has('decline') && url.searchParams.has('__err'));
  await expect(card.getByText('此项为必填项')).toBeVisible();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(staff, testInfo);

  await reason.fill('本次义诊需要执业医师，感谢您的关注。');
  await card.getByRole('button', { name: '确认不通过' }).click();
  await expect(staff).toHaveURL((url) => url.pathname === consolePath && !url.searchParams.has('__err'));
  await expect(card).toHaveCount(0);

  const chenCard = staff.locator('.signup-request').filter({ hasText: '陈建国' });
  await chenCard.getByRole('button', { name: '通过', exact: true }).click();
  await expect(staff).toHaveURL((url) => url.pathname === consolePath && !url.searchParams.has('__err'));
  await expect(chenCard).toHaveCount(0);
  await expectAccessible(staff, testInfo);

  // Each volunteer's page says where they stand.
  await chen.goto(activityPath);
  await expect(chen.locator('#signup-panel .status-line')).toContainText('已报名');
  await liu.goto(activityPath);
  await expect(liu.locator('#signup-panel')).toContainText('组织方没有通过您的报名');
  for (const page of [staff, liu, chen]) await page.context().close();
});
