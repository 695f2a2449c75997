// F-12 – F-16 in a real browser at phone size: the staff console of an organisation. A volunteer
// applies to join, staff approve and find her on the roster; the roster exports the current
// filter; a collective registration with one bad row is refused as a whole; an admin finds every
// section and cannot remove the last admin. Seeded demo data (server/src/seed.rs):
// 江苏省科技志愿服务总队 (1) → 常州市科技志愿服务队 (2, admin 13800000002) → 武进区科技志愿服务支队
// (4, staff 13800000003); 李芳 is 13900000002.
import { test, expect, Browser, BrowserContext, Page, Request } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { freshPhone, validId, yearsAgo } from './support/phones';
import { lastSmsCode, smsCount } from './support/sms';
import { signedIn } from './support/login';

const CHANGZHOU = 2;
const WUJIN = 4;
const CHANGZHOU_ADMIN = '13800000002';
const WUJIN_STAFF = '13800000003';
const LI_FANG = '13900000002';

/** The 17 columns of the volunteer table (app/src/orgs/import.rs VOLUNTEER_HEADERS). */
const VOLUNTEER_HEADERS = [
  '序号',
  '真实姓名',
  '手机号',
  '性别',
  '身份证号',
  '政治面貌',
  '民族',
  '工作单位',
  '职称',
  '最高学历',
  '从业类别',
  '所在区域省',
  '所在区域市',
  '所在区域县',
  '服务类别',
  '服务领域或行业',
  '是否为基层“四长”',
];


/** Collects the requests a page sends to one server function. */
function watch(page: Page, endpoint: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().includes(`/api/${endpoint}`)) seen.push(r);
  });
  return seen;
}

function consoleNav(page: Page) {
  return page.getByRole('navigation', { name: '管理菜单' });
}

test('without signing in, the console sends people to login and back', async ({ page }) => {
  const response = await page.goto(`/orgs/${WUJIN}/manage/roster?q=abc`);
  expect(response?.ok()).toBeTruthy();
  await expect(page).toHaveURL(/\/login\?next=%2Forgs%2F4%2Fmanage%2Froster%3Fq%3Dabc$/);
});

test.describe('with JavaScript', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name === 'phone-nojs', 'the console decides, uploads and loads more with JavaScript');
  });

  test('a volunteer applies to join, staff approve, and she is on the roster', async ({ browser }, testInfo) => {
    // 李芳 applies from the organisation's public page…
    const { context: volunteerContext, page: volunteer } = await signedIn(browser, LI_FANG, `/orgs/${WUJIN}`);
    await volunteer.getByRole('button', { name: '申请加入' }).click();
    await expect(volunteer.getByText('已提交加入申请，请等待组织审核。')).toBeVisible();
    await expectAccessible(volunteer, testInfo);
    // …and cannot open the console herself.
    await gotoHydrated(volunteer, `/orgs/${WUJIN}/manage`);
    await expect(volunteer.getByRole('alert')).toHaveText(/无法进入管理后台/);
    await expect(consoleNav(volunteer)).toHaveCount(0);
    await expectAccessible(volunteer, testInfo);
    await volunteerContext.close();

    // Staff of the detachment see the application with what they need to decide.
    const { context, page } = await signedIn(browser, WUJIN_STAFF, `/orgs/${WUJIN}/manage/applications`);
    await expect(page.getByRole('heading', { level: 1, name: '入队申请' })).toBeVisible();
    await expect(consoleNav(page).getByRole('link', { name: '入队申请' })).toHaveAttribute('aria-current', 'page');
    const card = page.locator('.application-card').filter({ hasText: '李芳' });
    await expect(card).toHaveCount(1);
    await expect(card.getByText('武进区科技志愿服务支队')).toBeVisible();
    await expect(card.getByRole('link', { name: /^KJ\d{10}$/ })).toHaveAttribute('href', /^\/volunteers\/KJ\d{10}$/);
    await expect(card.getByText('科技培训')).toBeVisible();
    await expectAccessible(page, testInfo);

    // Declining needs a reason, asked for before anything is sent.
    const decisions = watch(page, 'orgs/decide-application');
    await card.getByRole('button', { name: '拒绝' }).click();
    const reason = card.getByRole('textbox', { name: /拒绝理由/ });
    await expect(reason).toBeFocused();
    await card.getByRole('button', { name: '确认拒绝' }).click();
    await expect(card.getByText('此项为必填项')).toBeVisible();
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(decisions).toHaveLength(0);
    await expectAccessible(page, testInfo);
    await card.getByRole('button', { name: '取消' }).click();

    // Approving takes the application off the list and says so.
    await card.getByRole('button', { name: '同意' }).click();
    await expect(page.getByText('已同意 李芳 加入。')).toBeVisible();
    await expect(page.locator('.application-card').filter({ hasText: '李芳' })).toHaveCount(0);
    expect(decisions).toHaveLength(1);
    await expectAccessible(page, testInfo);

    // She is on the roster now, and the keyword filter goes into the address.
    await consoleNav(page).getByRole('link', { name: '花名册' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '花名册' })).toBeVisible();
    await expect(page.getByRole('link', { name: '李芳' })).toBeVisible();
    await expect(page.locator('#roster-count')).toHaveText(/^共 \d+ 人$/);
    await expectAccessible(page, testInfo);
    await page.getByLabel('关键词').fill('李芳');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/orgs/${WUJIN}/manage/roster\\?q=%E6%9D%8E%E8%8A%B3$`));
    await expect(page.locator('#roster-count')).toHaveText('共 1 人');
    const row = page.locator('.roster-card').filter({ hasText: '李芳' });
    await expect(row.getByText('武进区科技志愿服务支队')).toBeVisible();
    await expect(row.locator('.mobile')).toHaveText('139****0002');

    // A filtered address opened directly shows the same (the filters are shareable).
    await gotoHydrated(page, `/orgs/${WUJIN}/manage/roster?q=%E6%9D%8E%E8%8A%B3`);
    await expect(page.getByLabel('关键词')).toHaveValue('李芳');
    await expect(page.locator('#roster-count')).toHaveText('共 1 人');

    // Classification is saved per person.
    await row.getByLabel('分类').fill('骨干');
    await row.getByRole('button', { name: '保存分类' }).click();
    await expect(row.getByText('分类已保存')).toBeVisible();

    // Removal needs a reason too.
    await row.getByRole('button', { name: '移出组织' }).click();
    await row.getByRole('button', { name: '确认移出' }).click();
    await expect(row.getByText('此项为必填项')).toBeVisible();
    await expectAccessible(page, testInfo);
    await row.getByRole('button', { name: '取消' }).click();
    await context.close();
  });

  test('the roster downloads the current filter as XLSX', async ({ browser }, testInfo) => {
    const { context, page } = await signedIn(browser, WUJIN_STAFF, `/orgs/${WUJIN}/manage/roster`);
    await expect(page.getByRole('heading', { level: 1, name: '花名册' })).toBeVisible();
    await expectAccessible(page, testInfo);
    // Staff get the masked exports only; the unmasked one is for admins.
    await expect(page.getByRole('button', { name: /导出完整信息/ })).toHaveCount(0);
    const link = page.getByRole('link', { name: '导出 Excel（XLSX）' });
    await expect(link).toHaveAttribute('href', `/orgs/${WUJIN}/roster.xlsx`);
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await context.close();
  });

  test('a collective registration with a bad ID number imports nothing', async ({ browser }, testInfo) => {
    const { context, page } = await signedIn(browser, CHANGZHOU_ADMIN, `/orgs/${CHANGZHOU}/manage/roster`);
    const count = page.locator('#roster-count');
    await expect(count).toHaveText(/^共 \d+ 人$/);
    const before = (await count.textContent())?.trim() ?? '';
    await expectAccessible(page, testInfo);
    // Admins also get the unmasked, audited export: a form posting the filter, so that no other
    // site's link can make it happen.
    const full = page.getByRole('button', { name: '导出完整信息 Excel（记入审计日志）' });
    const fullDownload = page.waitForEvent('download');
    await full.click();
    expect((await fullDownload).suggestedFilename()).toMatch(/\.xlsx$/);

    await consoleNav(page).getByRole('link', { name: '集体注册' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '集体注册' })).toBeVisible();
    await expect(page.getByText(/只有整个文件都没有问题时才会导入/)).toBeVisible();
    await expect(page.getByRole('link', { name: '志愿者模板（CSV）' })).toHaveAttribute('href', '/import-templates/volunteers.csv');
    await expectAccessible(page, testInfo);

    // Nothing is sent without a file.
    const uploads = watch(page, 'orgs/import');
    await page.getByRole('button', { name: '检查（不导入）' }).click();
    await expect(page.locator('#f-file-error')).toHaveText('请先选择要上传的文件');
    expect(uploads).toHaveLength(0);

    const good = validId(yearsAgo(35), true, '320412');
    const typo = validId(yearsAgo(40), false, '320412');
    const badId = typo.slice(0, 17) + (typo[17] === '1' ? '2' : '1');
    const goodName = '钱导入';
    const row = (n: number, name: string, phone: string, gender: string, id: string) =>
      [String(n), name, phone, gender, id, '群众', '汉族', '常州市科学技术协会', '中级', '本科', '企业', '江苏省', '常州市', '武进区', '科技培训、科普报告', '科学教育类', '否'].join(',');
    const csv = [
      VOLUNTEER_HEADERS.join(','),
      row(1, goodName, freshPhone('137'), '男', good),
      row(2, '孙导入', freshPhone('137'), '女', badId),
    ].join('\r\n') + '\r\n';
    await page.getByLabel(/选择文件/).setInputFiles({ name: 'volunteers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '检查（不导入）' }).click();

    // The report: both rows read, the bad one listed on its spreadsheet line (header = 1).
    await expect(page.locator('#import-rows')).toHaveText('2');
    const problems = page.getByRole('table', { name: '问题列表' });
    await expect(problems).toBeVisible();
    const bad = problems.getByRole('row').filter({ hasText: '身份证号' });
    await expect(bad.first().getByRole('cell').nth(0)).toHaveText('3');
    await expect(bad.first()).toContainText('身份证号校验位不正确');
    await expect(problems.getByRole('row').filter({ has: page.getByRole('cell', { name: '2', exact: true }) })).toHaveCount(0);
    await expect(page.getByText(/发现 \d+ 处问题，文件没有导入/)).toBeVisible();
    await expect(page.getByRole('button', { name: '导入', exact: true })).toBeDisabled();
    await expectAccessible(page, testInfo);

    // Nothing was written: the roster counts the same people and the good row is not on it.
    await gotoHydrated(page, `/orgs/${CHANGZHOU}/manage/roster`);
    await expect(count).toHaveText(before);
    await gotoHydrated(page, `/orgs/${CHANGZHOU}/manage/roster?q=${encodeURIComponent(goodName)}`);
    await expect(count).toHaveText('共 0 人');
    await expect(page.getByText('没有符合条件的志愿者。')).toBeVisible();
    await expectAccessible(page, testInfo);
    await context.close();
  });

  test('an admin finds every section, and the last admin stays', async ({ browser }, testInfo) => {
    const { context, page } = await signedIn(browser, CHANGZHOU_ADMIN, `/orgs/${CHANGZHOU}/manage`);
    await expect(page.getByRole('heading', { level: 1, name: '常州市科技志愿服务队' })).toBeVisible();
    await expect(page.locator('#count-members')).toHaveText(/^\d+$/);
    await expect(page.locator('#count-orgs')).toHaveText(/^[1-9]\d*$/);
    await expect(consoleNav(page).getByRole('link', { name: '概览' })).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page, testInfo);

    await consoleNav(page).getByRole('link', { name: '审核' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '审核' })).toBeVisible();
    await expect(consoleNav(page).getByRole('link', { name: '审核' })).toHaveAttribute('aria-current', 'page');
    await expect(consoleNav(page).getByRole('link', { name: '概览' })).not.toHaveAttribute('aria-current', 'page');
    await expectAccessible(page, testInfo);

    await consoleNav(page).getByRole('link', { name: '管理员' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '管理员' })).toBeVisible();
    const me = page.locator('.staff-card').filter({ hasText: '138****0002' });
    await expect(me.getByText('管理员', { exact: true }).first()).toBeVisible();
    await expectAccessible(page, testInfo);

    // The add form checks the person before sending.
    const saves = watch(page, 'orgs/set-staff');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.locator('#f-who-error')).toHaveText('此项为必填项');
    await page.getByLabel(/手机号或志愿者编号/).fill('12345');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.locator('#f-who-error')).toHaveText('请输入正确的 11 位手机号');
    expect(saves).toHaveLength(0);
    await expectAccessible(page, testInfo);

    // A number nobody signed in with gets no account and no role: the server says so under the field.
    await page.getByLabel(/手机号或志愿者编号/).fill('13900007771');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.locator('#f-who-error')).toHaveText('该手机号尚未注册，请对方先用短信验证码登录一次');
    await expect(page.locator('.staff-card').filter({ hasText: '139****7771' })).toHaveCount(0);

    // Removing the only admin is refused with the server's reason.
    await me.getByRole('button', { name: '取消身份' }).click();
    await me.getByRole('button', { name: '确认取消' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '组织至少要保留一名管理员' })).toBeVisible();
    await expect(me).toBeVisible();
    await context.close();
  });
});
