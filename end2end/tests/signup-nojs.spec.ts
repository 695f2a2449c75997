// F-23 without JavaScript: a volunteer signs up and cancels with plain form posts, each answered
// with 303 See Other back to the activity page, whose status line says what was done. A refusal
// (the risks not acknowledged) shows on the page the browser comes back to. Signing in needs
// JavaScript (the SMS code form), so that one step runs in a context with it and the session
// cookie is carried over.
// Seeded demo data (server/src/seed_activities.rs): 农技服务进田间：稻麦病虫害防治, offline (so it
// discloses risks) with 10 places; 赵丽娟 13900000004 has a complete profile and no sign-ups.
import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { loginWithCode } from './support/login';

const ZHAO = '13900000004';
const TITLE = '农技服务进田间：稻麦病虫害防治';

test('without JavaScript a volunteer signs up and cancels with plain form posts', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone-nojs', 'the journey without JavaScript');
  const login = await browser.newContext({ javaScriptEnabled: true });
  await loginWithCode(await login.newPage(), ZHAO, '/activities');
  const storageState = await login.storageState();
  await login.close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: false });
  const page = await context.newPage();

  await page.goto(`/activities?q=${encodeURIComponent('稻麦')}`);
  await page.locator('li.activity-card').filter({ hasText: TITLE }).getByRole('link', { name: TITLE }).click();
  const activityPath = new URL(page.url()).pathname;
  const panel = page.locator('#signup-panel');

  // Sent without ticking the risks: back on the page, the box says why.
  await page.getByRole('button', { name: '报名参加' }).click();
  await expect(page).toHaveURL((url) => url.pathname === activityPath && url.searchParams.has('__err'));
  await expect(page.locator('#f-risks_read-error')).toHaveText('请阅读并勾选此项');
  await expect(panel.getByRole('alert')).toBeVisible();
  await expectAccessible(page, testInfo);

  await page.getByLabel('我已阅读并了解上述风险提示').check();
  await page.getByRole('button', { name: '报名参加' }).click();
  await expect(page).toHaveURL((url) => url.pathname === activityPath && url.searchParams.get('done') === 'signed-up');
  await expect(page.locator('#activity-status')).toContainText('报名成功');
  await expect(panel.locator('.status-line')).toContainText('已报名');
  await expectAccessible(page, testInfo);

  // Cancelling asks first, on a page of its own (?cancel=), then posts.
  await page.getByRole('button', { name: '取消报名' }).click();
  await expect(page).toHaveURL((url) => url.pathname === activityPath && url.searchParams.has('cancel'));
  await expect(panel.getByRole('group')).toContainText('确定');
  await expectAccessible(page, testInfo);
  await page.getByRole('button', { name: '确认取消' }).click();
  await expect(page).toHaveURL((url) => url.pathname === activityPath);
  await expect(page.locator('#activity-status')).toContainText('已取消报名');
  await expect(panel).toContainText('您之前取消了报名，可以重新报名。');
  await expect(panel.getByRole('button', { name: '报名参加' })).toBeVisible();
  await context.close();
});
