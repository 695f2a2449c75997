// Make-up requests (F-32): a volunteer whose check-in never went through asks for a make-up with a
// reason and a photo; the organiser approves it; the volunteer sees the outcome and is told in
// the inbox. Seeded demo data (server/src/seed_activities.rs): 武进区科技志愿服务支队 (staff
// 13800000003) held 科普进校园：趣味物理实验（加场） four days ago; 赵丽娟 (13900000004) was
// confirmed and has no attendance. Both forms are plain posts, so the path runs with and without
// JavaScript (without it, the sign-in is the only step that needs script and happens first).
import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { signedIn } from './support/login';

const STAFF = '13800000003';
const VOLUNTEER = '13900000004';
const TITLE = '科普进校园：趣味物理实验（加场）';
// A 1×1 PNG: the photo must be an image by its bytes, not by its name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('a volunteer asks for a make-up and the organiser approves it', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  test.skip(testInfo.project.name === 'phone-nojs', 'one request per person and activity: the JS run files it');
  const { context: vc, page } = await signedIn(browser, VOLUNTEER, '/me/activities?tab=ended');
  await page.getByRole('link', { name: TITLE }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
  await page.getByRole('link', { name: '申请补签' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('申请补签');
  await expectAccessible(page, testInfo);

  // Without a reason the form is refused and says why; nothing is filed.
  await page.getByLabel('原因类别').selectOption('network');
  await page.locator('#f-reason').fill('   ');
  await page.getByRole('button', { name: '提交补签申请' }).click();
  await expect(page.locator('.field-error').filter({ hasText: /\S/ }).first()).toBeVisible();
  await expect(page.locator('.makeup-request')).toHaveCount(0);

  await page.locator('#f-reason').fill('现场网络很差，扫码后页面一直转圈，签到没有成功。');
  await page.getByLabel('现场照片（可选）').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: '提交补签申请' }).click();
  const mine = page.locator('.makeup-request').filter({ hasText: TITLE });
  await expect(mine).toHaveCount(1);
  await expect(mine.locator('.makeup-status')).toHaveText('待审核');
  await expect(mine.getByRole('link', { name: '查看照片' })).toBeVisible();
  await expectAccessible(page, testInfo);

  // The organiser's queue, reached from the activity's sign-up page.
  const { context: sc, page: staff } = await signedIn(browser, STAFF, '/me');
  const activity = page.url().match(/\/activities\/(\d+)\/makeup/)?.[1];
  expect(activity).toBeTruthy();
  await gotoHydrated(staff, `/activities/${activity}/signups`);
  await staff.getByRole('link', { name: /补签申请/ }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('补签审核');
  const card = staff.locator('.makeup-card').filter({ hasText: '赵丽娟' });
  await expect(card).toContainText('现场网络很差');
  await expectAccessible(staff, testInfo);
  await card.getByRole('button', { name: '批准' }).click();
  await expect(staff.locator('#makeup-status')).toContainText('已批准 赵丽娟 的补签申请');
  await expectAccessible(staff, testInfo);

  // The volunteer sees it approved, and the inbox says so.
  await page.goto('/me/makeups');
  await expect(page.locator('.makeup-request').filter({ hasText: TITLE }).locator('.makeup-status')).toHaveText('已通过');
  await expectAccessible(page, testInfo);
  await page.goto('/inbox');
  await expect(page.getByText(`您在“${TITLE}”的补签申请已通过`).first()).toBeVisible();
  await vc.close();
  await sc.close();
});
