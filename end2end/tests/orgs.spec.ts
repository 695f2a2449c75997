// F-10 – F-14 and the inbox at phone size: the public directory (a GET form that works without
// JavaScript), an organisation's page signed out, registering a sub-organisation with the naming
// rules checked before submit, the managing unit's admin told in the inbox, and a new volunteer
// applying to join (after completing the profile the page asks for) and seeing it under
// "我的组织".
//
// Seeded demo data: 江苏省科技志愿服务总队 (1) → 常州市科技志愿服务队 (2, admin 13800000002) →
// 武进区科技志愿服务支队 (4); volunteers with complete profiles 13900000001–13900000005.
import { test, expect, Page, Request } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { freshPhone, validId, yearsAgo } from './support/phones';
import { lastSmsCode, smsCount } from './support/sms';

const CHANGZHOU = '常州市科技志愿服务队';
const WUJIN = '武进区科技志愿服务支队';

function needsJs(testInfo: { project: { name: string } }) {
  test.skip(testInfo.project.name === 'phone-nojs', 'the form validates in the browser and calls server functions');
}

/**
 * Logs in with an SMS code. A seeded number may have been sent a code by another spec less than
 * a minute ago; the page then counts down, and the send button comes back when a new code may go.
 */
async function loginWithCode(page: Page, phone: string, next?: string) {
  await gotoHydrated(page, next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.getByLabel('手机号').fill(phone);
  const before = smsCount(phone);
  const send = page.getByRole('button', { name: '获取验证码' });
  await send.click();
  const sent = page.getByText(/验证码已发送至/);
  const tooSoon = page.getByText(/验证码发送过于频繁/);
  await expect(sent.or(tooSoon)).toBeVisible();
  if (await tooSoon.isVisible()) {
    await expect(send).toBeEnabled({ timeout: 75_000 });
    await send.click();
    await expect(sent).toBeVisible();
  }
  await page.getByLabel('短信验证码').fill(await lastSmsCode(phone, { after: before }));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // The sign-in page is a light page: the next page is a new document, hydrated on its own.
  await page.waitForURL((url) => url.pathname !== '/login');
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
}

/** Collects the requests a page sends to one server function. */
function watch(page: Page, endpoint: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().includes(`/api/${endpoint}`)) seen.push(r);
  });
  return seen;
}

test('the directory finds 常州 by keyword and its page is public', async ({ page }, testInfo) => {
  const js = testInfo.project.name !== 'phone-nojs';
  if (js) await gotoHydrated(page, '/orgs');
  else await page.goto('/orgs');
  await expect(page.getByRole('heading', { level: 1, name: '志愿服务组织' })).toBeVisible();
  await expect(page.getByRole('link', { name: '注册组织' })).toHaveAttribute('href', '/orgs/new');
  await expectAccessible(page, testInfo);

  // A plain GET form: the search lands in the URL, so it is server-rendered and shareable.
  const search = page.getByRole('search');
  await search.getByLabel('关键词').fill('常州');
  await search.getByRole('button', { name: '搜索' }).click();
  await expect(page).toHaveURL(/\/orgs\?q=/);
  const results = page.locator('.org-list');
  await expect(results.getByRole('link', { name: CHANGZHOU, exact: true })).toBeVisible();
  await expect(results.getByRole('link', { name: WUJIN, exact: true })).toHaveCount(0);
  await expect(results.locator('.org-card').first()).toContainText('江苏省 常州市');
  await expect(page.getByLabel('关键词')).toHaveValue('常州');
  await expectAccessible(page, testInfo);

  // The same search opened as a link renders the same results on the server.
  const shared = page.url();
  await page.goto(shared);
  await expect(page.locator('.org-list').getByRole('link', { name: CHANGZHOU, exact: true })).toBeVisible();

  await page.locator('.org-list').getByRole('link', { name: CHANGZHOU, exact: true }).click();
  await expect(page).toHaveURL(/\/orgs\/2$/);
  await expect(page.getByRole('heading', { level: 1, name: CHANGZHOU })).toBeVisible();
  const crumbs = page.getByRole('navigation', { name: '组织层级' });
  await expect(crumbs.getByRole('link', { name: '江苏省科技志愿服务总队' })).toHaveAttribute('href', '/orgs/1');
  await expect(page.locator('.status-line .badge').first()).toHaveText('已通过');
  // Signed out: a way to log in and come back, no join button.
  await expect(page.getByRole('link', { name: '登录后申请加入' })).toHaveAttribute('href', '/login?next=/orgs/2');
  await expect(page.getByRole('button', { name: '申请加入' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '在此组织下注册下级支队' })).toHaveAttribute('href', '/orgs/new?parent=2');
  await expect(page.getByRole('link', { name: '管理', exact: true })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: '下级组织' })).toBeVisible();
  await expect(page.locator('.org-list').getByRole('link', { name: WUJIN, exact: true })).toHaveAttribute('href', '/orgs/4');
  await expectAccessible(page, testInfo);

  // Registering needs an account: the form sends people to log in and back.
  if (js) {
    await page.goto('/orgs/new?parent=2');
    await expect(page).toHaveURL(/\/login\?next=(%2F|\/)orgs(%2F|\/)new(%3F|\?)parent(%3D|=)2$/);
  }
});

test('a volunteer registers a team under 常州, checked before submit, and its admin unit is told', async ({ page, browser }, testInfo) => {
  needsJs(testInfo);
  test.setTimeout(180_000);
  await loginWithCode(page, '13900000003', '/orgs/new?parent=2');
  await expect(page).toHaveURL(/\/orgs\/new\?parent=2$/);
  await expect(page.getByRole('heading', { level: 1, name: '注册志愿服务组织' })).toBeVisible();
  await expect(page.locator('.org-context')).toContainText(CHANGZHOU);
  await expect(page.locator('#new-level')).toHaveText('支队');
  await expect(page.getByText(/提交后由上级组织审核/)).toBeVisible();
  await expectAccessible(page, testInfo);

  const registrations = watch(page, 'orgs/register');
  const name = page.getByLabel('组织名称');
  // A place or project name may not claim 全国: the message shows as the field is left…
  await name.fill('全国科普日科技志愿服务队');
  await name.press('Tab');
  const nameError = page.locator('#f-name-error');
  await expect(nameError).toHaveText(/不得出现“中国”“全国”/);
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  // …and submitting sends nothing while any field is wrong.
  await page.getByRole('button', { name: '提交注册' }).click();
  await expect(page.getByText(/项需要修改/)).toBeVisible();
  await expect(page.locator('#f-name')).toBeFocused();
  await expect(page.locator('#f-contact_mobile-error')).toHaveText('此项为必填项');
  expect(registrations).toHaveLength(0);
  await expectAccessible(page, testInfo);

  const n = `${Date.now() % 100000}${Math.floor(Math.random() * 10)}`;
  const orgName = `常州市第${n}科普科技志愿服务支队`;
  await name.fill(orgName);
  await name.press('Tab');
  await expect(nameError).toBeEmpty();
  await page.getByLabel('联系人姓名').fill('周明');
  // The registrant's own mobile: they become its admin at once. Naming someone else's waits for
  // that person's consent (org-registration-consent.spec.ts).
  await page.getByLabel('联系人手机号').fill('13900000003');
  await page.getByLabel('是否在民政部门注册').selectOption({ label: '否' });
  await page.getByLabel('主管单位类型').selectOption({ label: '地方科协' });
  await page.getByLabel('主管单位名称').fill('常州市科学技术协会');
  await page.getByLabel('成立日期').fill('2020-05-01');
  await page.getByRole('checkbox', { name: '科普报告' }).check();
  await page.getByRole('checkbox', { name: '青少年科技教育' }).check();
  await page.getByLabel('省').selectOption({ label: '江苏省' });
  await page.getByLabel(/^市/).selectOption({ label: '常州市' });
  await page.getByLabel('服务范围').fill('常州市中小学');
  await page.getByLabel('服务内容').fill('科普讲座与实验课');
  await page.getByLabel('服务对象').fill('中小学生');
  await page.getByLabel('计划成员人数').fill('30');
  await page.getByRole('group', { name: '组织负责人（选填）' }).getByLabel('负责人姓名').fill('周明');
  await page.getByRole('button', { name: '提交注册' }).click();

  // The new organisation's page: pending review, visible to its registrant.
  await expect(page).toHaveURL(/\/orgs\/\d+$/);
  expect(registrations).toHaveLength(1);
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible();
  await expect(page.locator('.status-line .badge').first()).toHaveText('待审核');
  await expect(page.getByText(/等待上级组织审核/)).toBeVisible();
  await expect(page.getByRole('navigation', { name: '组织层级' }).getByRole('link', { name: CHANGZHOU })).toBeVisible();
  await expectAccessible(page, testInfo);

  // The admin of 常州 finds the request in the inbox, marked unread in words.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const marked = admin.waitForResponse((r) => r.url().includes('/api/inbox/mark-read'), { timeout: 120_000 });
  await loginWithCode(admin, '13800000002', '/inbox');
  await expect(admin).toHaveURL(/\/inbox$/);
  await expect(admin.getByRole('heading', { level: 1, name: '消息' })).toBeVisible();
  const notice = admin.locator('.notice').filter({ hasText: orgName });
  await expect(notice.getByRole('link', { name: `“${orgName}”提交了注册申请，等待审核。` })).toHaveAttribute(
    'href',
    '/orgs/2/manage/reviews',
  );
  await expect(notice).toContainText('未读');
  await expectAccessible(admin, testInfo);
  await marked;
  await admin.reload();
  await expect(admin.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await expect(admin.locator('.notice').filter({ hasText: orgName })).not.toContainText('未读');
  await expect(admin.getByRole('banner').getByRole('link', { name: /^消息/ })).toHaveAttribute('href', '/inbox');

  // "我的" lists the entry points, with a console link per managed organisation.
  await gotoHydrated(admin, '/me');
  await expect(admin.getByRole('link', { name: '我的组织' })).toHaveAttribute('href', '/me/orgs');
  await expect(admin.getByRole('link', { name: `管理：${CHANGZHOU}` })).toHaveAttribute('href', '/orgs/2/manage');

  // The admin approves it on the review page; the organisation is then public.
  const orgUrl = page.url();
  await gotoHydrated(admin, '/orgs/2/manage/reviews');
  const card = admin.locator('.review-card').filter({ hasText: orgName });
  await expect(card).toContainText('常州市中小学');
  await expectAccessible(admin, testInfo);
  await card.getByRole('button', { name: '通过' }).click();
  await expect(admin.locator('.review-card').filter({ hasText: orgName })).toHaveCount(0);
  await adminContext.close();
  const visitor = await browser.newPage();
  await visitor.goto(orgUrl);
  await expect(visitor.locator('.status-line .badge').first()).toHaveText('已通过');
  await visitor.close();
});

test('a new volunteer completes the profile, asks to join 武进, and sees it under 我的组织', async ({ page }, testInfo) => {
  needsJs(testInfo);
  test.setTimeout(120_000);
  await loginWithCode(page, freshPhone(), '/orgs/4');
  await expect(page).toHaveURL(/\/orgs\/4$/);
  await expect(page.getByRole('heading', { level: 1, name: WUJIN })).toBeVisible();

  // Without a real-name profile the application is refused, with the way to fix it.
  await page.getByRole('button', { name: '申请加入' }).click();
  await expect(page.getByRole('alert')).toContainText('请先完成实名信息登记');
  await expectAccessible(page, testInfo);
  await page.getByRole('link', { name: '去完善实名信息' }).click();
  await expect(page).toHaveURL(/\/me\/profile$/);
  // A link from a light page loads the next page, which the whole app then hydrates.
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByLabel('真实姓名').fill('孙加入');
  await page.getByLabel('性别').selectOption('female');
  await page.getByLabel('身份证号').fill(validId(yearsAgo(28), false));
  await page.getByLabel('政治面貌').selectOption({ label: '群众' });
  await page.getByLabel('民族').selectOption({ label: '汉族' });
  await page.getByLabel('职称').selectOption({ label: '中级' });
  await page.getByLabel('最高学历').selectOption({ label: '本科' });
  await page.getByLabel('从业类别').selectOption({ label: '学校' });
  await page.getByLabel('省').selectOption({ label: '江苏省' });
  await page.getByLabel(/^市/).selectOption({ label: '常州市' });
  await page.getByLabel('县（区）').selectOption({ label: '武进区' });
  await page.getByRole('checkbox', { name: '科普讲解' }).check();
  await page.getByRole('checkbox', { name: '科学教育类' }).check();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('实名信息已保存。')).toBeVisible();

  // Now the application goes through and waits for review.
  await gotoHydrated(page, '/orgs/4');
  const applies = watch(page, 'orgs/apply');
  await page.getByRole('button', { name: '申请加入' }).click();
  await expect(page.getByText('已提交加入申请，请等待组织审核。')).toBeVisible();
  await expect(page.getByText('您在本组织的状态：申请审核中')).toBeVisible();
  await expect(page.getByRole('button', { name: '申请加入' })).toHaveCount(0);
  expect(applies).toHaveLength(1);
  await expectAccessible(page, testInfo);

  await page.getByRole('link', { name: '查看我的组织' }).click();
  await expect(page).toHaveURL(/\/me\/orgs$/);
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: '我的组织' })).toBeVisible();
  const card = page.locator('.membership-card').filter({ hasText: WUJIN });
  await expect(card.getByRole('link', { name: WUJIN })).toHaveAttribute('href', '/orgs/4');
  await expect(card.locator('.badge')).toHaveText('审核中');
  await expect(card).toContainText('申请时间');
  await expect(page.getByRole('link', { name: '查找更多组织' })).toHaveAttribute('href', '/orgs');
  await expectAccessible(page, testInfo);

  // A pending application can be withdrawn; it moves to the history.
  await card.getByRole('button', { name: '撤回申请' }).click();
  await expect(page.getByText('申请已撤回。')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '历史记录' })).toBeVisible();
  await expect(page.locator('.membership-card').filter({ hasText: WUJIN }).locator('.badge')).toHaveText('已撤回');
  await expectAccessible(page, testInfo);
});
