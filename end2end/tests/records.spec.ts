// Service records (F-31, F-33): the organiser closes an ended activity and approves its hours.
// Seeded demo data (server/src/seed_activities.rs): 武进区科技志愿服务支队 (4, staff 13800000003)
// held 科普进校园：趣味物理实验 a week ago, 14:00–16:00; one volunteer checked in ten minutes late
// and left five minutes early (1 h 45 min in quarter hours), one never checked out (2 h,
// flagged), one confirmed volunteer never came (a no-show).
import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { signedIn } from './support/login';

const WUJIN = 4;
const WUJIN_STAFF = '13800000003';
const TITLE = '科普进校园：趣味物理实验';

test('staff close an ended activity and approve its hours', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'signs in with the hydrated login form; the no-JS forms are covered by records.rs');
  const { page } = await signedIn(browser, WUJIN_STAFF, `/orgs/${WUJIN}/manage/activities?show=ended`);
  // From the organiser's list of ended activities to the activity's records page.
  await page.getByRole('link', { name: new RegExp(`^服务记录\\s*：${TITLE}$`) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
  await expect(page.getByRole('heading', { name: '结项' })).toBeVisible();
  await expectAccessible(page, testInfo);

  await page.getByLabel('服务质量评价（1–5 分）').selectOption('4');
  await page.getByLabel('活动（项目）负责人').fill('王老师');
  await page.getByLabel('活动总结').fill('学生动手完成了三个物理实验。');
  await page.getByRole('button', { name: '结项并生成服务记录' }).click();

  // The record with its fields, and one pending line per attendance.
  await expect(page.locator('#record-facts')).toContainText('王老师');
  const lines = page.locator('.hours-line');
  await expect(lines).toHaveCount(2);
  await expect(page.locator('.hours-line .raw')).toHaveText(['1.75 小时', '2 小时']);
  await expect(page.locator('.no-checkout')).toHaveCount(1);
  await expect(page.locator('.records-no-shows li')).toHaveCount(1);
  await expect(page.locator('#record-time')).toContainText('原始 3.75 小时');
  await expectAccessible(page, testInfo);

  await page.getByRole('button', { name: '全部通过待审核时长' }).click();
  await expect(page.locator('.badge-hours-approved')).toHaveCount(2);
  // The close form is gone: closing happens once.
  await expect(page.getByRole('button', { name: '结项并生成服务记录' })).toHaveCount(0);
  await expectAccessible(page, testInfo);

  // The no-show's record, one click away: the count is on the person's hours page.
  await page.locator('.records-no-shows a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('志愿者服务时长');
  await expect(page.locator('#no-shows')).toHaveAttribute('data-count', '1');
  await expectAccessible(page, testInfo);

  // The console's records section: nothing of 武进 overdue, the corps' coefficients listed.
  await gotoHydrated(page, `/orgs/${WUJIN}/manage/records`);
  await expect(page.getByRole('heading', { name: '逾期未结项' })).toBeVisible();
  await expect(page.getByText('系数由总队管理员设定。')).toBeVisible();
  await expectAccessible(page, testInfo);
});
