// F-20 – F-25 in a real browser at phone size. An organiser publishes (the form refuses an end
// before the start before sending anything); a volunteer finds it by a two-character keyword, signs
// up for its only place; a second volunteer joins the waitlist; the first cancels from "my
// activities", and the second is promoted and told in the inbox and by text message; the organiser
// cancels the activity with a reason, and the second is told. Without
// JavaScript the list, a keyword search and an activity page (with its Open Graph tags) still work.
// Seeded demo data (server/src/seed.rs, seed_activities.rs): 武进区科技志愿服务支队 (4, staff
// 13800000003); volunteers 王晓明 13900000001 and 李芳 13900000002.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { signedIn } from './support/login';
import { OUTBOX } from './support/sms';

const WUJIN = 4;
const WUJIN_STAFF = '13800000003';
const LI_FANG = '13900000002';
const WANG = '13900000001';

/** `days` from today in Shanghai at `time`, as a datetime-local input takes it. */
function localIn(days: number, time: string): string {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 10);
  return `${day}T${time}`;
}

function textsTo(phone: string): string[] {
  try {
    return fs
      .readFileSync(OUTBOX, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { to: string; text: string })
      .filter((m) => m.to === phone)
      .map((m) => m.text);
  } catch {
    return [];
  }
}

async function publishActivity(page: Page, title: string) {
  await expectAccessible(page);
  await page.locator('#f-title').fill(title);
  await page.locator('#f-category').selectOption('youth_education');
  await page.locator('#f-content_form').selectOption('education');
  await page.locator('#f-mode').selectOption('offline');
  await page.locator('#f-service_objects-public').check();
  await page.locator('#f-content').fill('带领小学生用图形化编程控制小机器人，体验计算思维。');
  await page.locator('#f-starts_at').fill(localIn(3, '09:00'));
  await page.locator('#f-ends_at').fill(localIn(3, '08:00'));
  await page.locator('#f-province').selectOption('32');
  await page.locator('#f-city').selectOption('3204');
  await page.locator('#f-county').selectOption('320412');
  await page.locator('#f-address').fill('常州市武进区湖塘镇青少年活动中心三楼');
  await page.locator('#f-capacity').fill('1');
  await page.locator('#f-contact_name').fill('王强');
  await page.locator('#f-contact_phone').fill('13900000003');

  // The shared validator refuses the end before the start in the browser: no request is sent.
  const saves: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/activities/save')) saves.push(r.url());
  });
  await page.locator('#publish').click();
  await expect(page.locator('#f-ends_at-error')).toHaveText('结束时间须晚于开始时间');
  expect(saves).toHaveLength(0);

  await page.locator('#f-ends_at').fill(localIn(3, '11:30'));
  await page.locator('#publish').click();
  await expect(page).toHaveURL(/\/activities\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('报名中').first()).toBeVisible();
  await expectAccessible(page);
}

test.describe('activities', () => {
  test('publish, find by a two-character keyword, sign up, cancel, and the waitlist moves up', async ({ browser }, testInfo) => {
    test.skip(testInfo.project.name === 'phone-nojs', 'publishing and signing up need JavaScript');
    test.setTimeout(120_000);
    const title = `少儿编程体验课${Date.now() % 100_000}`;

    const organiser = await signedIn(browser, WUJIN_STAFF, `/activities/new?org=${WUJIN}`);
    await publishActivity(organiser.page, title);
    const activityPath = new URL(organiser.page.url()).pathname;

    // 李芳 searches 编程 on her phone and takes the only place.
    const li = await signedIn(browser, LI_FANG, '/activities');
    await li.page.getByLabel('关键词').fill('编程');
    await li.page.getByRole('button', { name: '搜索' }).click();
    await expect(li.page).toHaveURL(/q=%E7%BC%96%E7%A8%8B/);
    const card = li.page.locator('li.activity-card').filter({ hasText: title });
    await expect(card).toHaveCount(1);
    await expectAccessible(li.page);
    await card.getByRole('link', { name: title }).click();
    await expect(li.page).toHaveURL(activityPath);
    await expect(li.page.locator('html[data-hydrated]')).toHaveCount(1);
    await li.page.getByRole('button', { name: '报名参加' }).click();
    await expect(li.page.locator('#activity-status')).toContainText('报名成功');
    await expect(li.page.locator('#activity-status')).toBeFocused();
    await expectAccessible(li.page);

    // 王晓明 finds it full and joins the waitlist.
    const wang = await signedIn(browser, WANG, activityPath);
    await expect(wang.page.getByText('满员，可候补')).toBeVisible();
    await wang.page.getByRole('button', { name: '报名参加' }).click();
    await expect(wang.page.locator('#activity-status')).toContainText('第 1 位');

    // 李芳 sees it under "upcoming" and cancels before the deadline.
    await gotoHydrated(li.page, '/me/activities?tab=upcoming');
    await expect(li.page.locator('#tab-upcoming')).toHaveAttribute('aria-current', 'page');
    const mine = li.page.locator('li.activity-card').filter({ hasText: title });
    await expect(mine).toContainText('已报名');
    await expectAccessible(li.page);
    await mine.getByRole('link', { name: title }).click();
    await expect(li.page).toHaveURL(activityPath);
    await expect(li.page.locator('html[data-hydrated]')).toHaveCount(1);
    await li.page.getByRole('button', { name: '取消报名' }).click();
    await li.page.getByRole('button', { name: '确认取消' }).click();
    await expect(li.page.locator('#activity-status')).toContainText('已取消报名');

    // 王晓明 now holds the place and is told in the inbox and by text message.
    await gotoHydrated(wang.page, activityPath);
    await expect(wang.page.locator('#signup-panel')).toContainText('已报名');
    await gotoHydrated(wang.page, '/inbox');
    await expect(wang.page.getByText(`有名额空出，您已从候补转为正式报名“${title}”`)).toBeVisible();
    await expectAccessible(wang.page);
    await expect.poll(() => textsTo(WANG).some((t) => t.includes(title) && t.includes('正式报名')), { timeout: 10_000 }).toBe(true);

    // The organiser's console lists it with its one confirmed volunteer.
    await gotoHydrated(organiser.page, `/orgs/${WUJIN}/manage/activities`);
    await expect(organiser.page.locator('li.activity-card').filter({ hasText: title })).toContainText('1 / 1');
    await expectAccessible(organiser.page);

    // The organiser cancels it with a reason; the page says so, and 王晓明 is told.
    await gotoHydrated(organiser.page, activityPath);
    await organiser.page.getByRole('button', { name: '取消活动', exact: true }).click();
    await expect(organiser.page).toHaveURL(/cancel_activity=1/);
    await organiser.page.getByLabel('取消原因').fill('场馆临时闭馆，改期另行通知。');
    await expectAccessible(organiser.page);
    await organiser.page.getByRole('button', { name: '确认取消活动' }).click();
    await expect(organiser.page.locator('#activity-status')).toContainText('活动已取消，已通知所有报名的志愿者。');
    await expect(organiser.page.locator('#activity-status')).toBeFocused();
    await expect(organiser.page.getByText('场馆临时闭馆，改期另行通知。')).toBeVisible();
    await expectAccessible(organiser.page);
    await gotoHydrated(wang.page, '/inbox');
    await expect(wang.page.getByText(`您报名的“${title}”已取消。`)).toBeVisible();
    for (const s of [organiser, li, wang]) await s.context.close();
  });

  test('the list, a keyword search and an activity page are server-rendered with share tags', async ({ page }) => {
    await page.goto('/activities?q=%E7%A7%91%E6%99%AE');
    const card = page.locator('li.activity-card').filter({ hasText: '社区科普讲座：家庭安全用电' });
    await expect(card).toHaveCount(1);
    await expect(page.locator('li.activity-card').filter({ hasText: '银龄数字课堂' })).toHaveCount(0);
    await expectAccessible(page);
    await card.getByRole('link', { name: '社区科普讲座：家庭安全用电' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '社区科普讲座：家庭安全用电' })).toBeVisible();
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /社区科普讲座/);
    await expect(page.locator('img[src$="/qr.svg"]')).toHaveCount(1);
    // The overnight star-gazing session shows both dates.
    await page.goto('/activities?q=%E6%98%9F%E7%A9%BA');
    await expect(page.locator('li.activity-card').filter({ hasText: '夏夜星空观测' })).toContainText(/22:00 – \d\d-\d\d 01:00/);
    await expectAccessible(page);
  });
});
