// Service demands (F-42) and matching (F-43): a community posts a demand without an account (the
// contact phone proved by the SMS code from the test outbox), staff of 武进区科技志愿服务支队
// (demo org 4, staff 13800000003) publish it from their console, see the ranked volunteers with
// the reasons, accept it, and open the draft activity it became.
import { test, expect, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { signedIn } from './support/login';
import { lastSmsCode, smsCount } from './support/sms';

const WUJIN = 4;
const WUJIN_STAFF = '13800000003';

async function postDemand(page: Page, phone: string, title: string, hydrated: boolean, startInThePastFirst = false) {
  if (hydrated) {
    await gotoHydrated(page, '/demands/new');
  } else {
    await page.goto('/demands/new');
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('发布服务需求');
  await page.getByLabel('需求方类型').selectOption({ label: '社区' });
  await page.getByLabel('需求方名称').fill('湖塘镇星河社区居委会');
  await page.getByLabel('联系人').fill('刘敏');
  await page.getByLabel('联系手机').fill(phone);
  await page.getByLabel('需求标题').fill(title);
  await page.getByLabel('服务类别').selectOption({ label: '科普报告' });
  await page.getByLabel('服务内容和形式').selectOption({ label: '健康义诊、心理教育、科技助老、膳食营养' });
  await page.getByLabel('活动方式').selectOption({ label: '线下' });
  await page.getByLabel('社会公众').check();
  await page.getByLabel('需求内容').fill('为社区老人讲解电信诈骗手法并演示心肺复苏。');
  await page.getByLabel('需要志愿者人数').fill('2');
  await page.getByLabel('所需专业知识').fill('急救 科普讲解');
  await page.getByLabel('开始时间').fill('2030-06-10T09:00');
  await page.getByLabel('结束时间').fill('2030-06-10T11:00');
  // Without JavaScript the city and county lists come with a reload that keeps what was typed.
  const refreshRegion = async () => {
    if (!hydrated) await page.getByRole('button', { name: '按所选省市更新城市和区县列表' }).click();
  };
  await page.getByLabel(/^省/).selectOption({ label: '江苏省' });
  await refreshRegion();
  await page.getByLabel(/^市/).selectOption({ label: '常州市' });
  await refreshRegion();
  await page.getByLabel('区县（可选）').selectOption({ label: '武进区' });
  await expect(page.getByLabel('需求标题')).toHaveValue(title);
  await expect(page.getByLabel('社会公众')).toBeChecked();
  await page.getByLabel('服务地点').fill('常州市武进区湖塘镇星河社区活动室');
  await page.getByLabel('管理组织').selectOption({ label: '武进区科技志愿服务支队' });
  await expectAccessible(page, test.info());
  const before = smsCount(phone);
  if (startInThePastFirst) {
    // Only the server knows the time: its refusal shows under the field, and nothing typed is
    // lost, nor is a code sent.
    await page.getByLabel('开始时间').fill('2020-06-10T09:00');
    await page.getByLabel('结束时间').fill('2020-06-10T11:00');
    await page.getByRole('button', { name: '提交并获取验证码' }).click();
    await expect(page.locator('#f-starts_at-error')).not.toBeEmpty();
    await expect(page).toHaveURL(/\/demands\/new$/);
    await expect(page.getByLabel('需求标题')).toHaveValue(title);
    await expect(page.getByLabel('社会公众')).toBeChecked();
    await expect(page.getByLabel('区县（可选）')).toHaveValue('320412');
    expect(smsCount(phone)).toBe(before);
    await expectAccessible(page, test.info());
    await page.getByLabel('开始时间').fill('2030-06-10T09:00');
    await page.getByLabel('结束时间').fill('2030-06-10T11:00');
  }
  await page.getByRole('button', { name: '提交并获取验证码' }).click();
  await expect(page).toHaveURL(/\/demands\/follow\/[0-9a-f]{48}$/);
  await expect(page.locator('#demand-status')).toHaveText('待验证手机');
  await expectAccessible(page, test.info());
  await page.getByLabel('短信验证码').fill(await lastSmsCode(phone, { after: before }));
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.locator('#demand-status')).toHaveText('已提交，审核中');
}

test('a demand is posted without an account and its phone verified', async ({ page }, testInfo) => {
  // Both projects: the form and the code work as plain form posts.
  const phone = testInfo.project.name === 'phone-nojs' ? '13700000092' : '13700000091';
  const hydrated = testInfo.project.name === 'phone';
  await postDemand(page, phone, `社区急救讲座（${testInfo.project.name}）`, hydrated, hydrated);
  await expectAccessible(page, testInfo);
});

test('staff publish a demand, see the matches, accept it and open the draft', async ({ browser, page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'signs in with the hydrated login form; the no-JS forms are covered above and by demands.rs');
  // Two people, a dozen pages, each checked with axe, on a shared 2-core machine.
  test.setTimeout(180_000);
  const title = '社区老年人急救知识讲座';
  await postDemand(page, '13700000093', title, true);

  const { page: staff } = await signedIn(browser, WUJIN_STAFF, `/orgs/${WUJIN}/manage/demands`);
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('服务需求');
  await expectAccessible(staff, testInfo);
  await staff.getByRole('link', { name: title }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(staff.locator('#demand-status')).toHaveText('已提交，审核中');
  await expectAccessible(staff, testInfo);
  await staff.getByRole('button', { name: '审核通过并发布' }).click();
  await expect(staff.locator('#demand-status')).toHaveText('已发布');

  // The demo volunteers of 武进 are free on that day: each is listed with its reasons.
  const volunteers = staff.locator('#match-volunteers li');
  await expect(volunteers.first()).toContainText('该时段空闲');
  await expect(volunteers.first()).toContainText(/KJ\d{10}/);
  await expectAccessible(staff, testInfo);

  // Public now, with the contact masked.
  await gotoHydrated(page, '/demands');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByText('137****0093')).toBeVisible();
  await expectAccessible(page, testInfo);

  await staff.getByRole('button', { name: '受理并生成活动草稿' }).click();
  await expect(staff.locator('#demand-status')).toHaveText('已受理（已生成活动）');
  await staff.locator('#demand-activity').click();
  await expect(staff).toHaveURL(/\/activities\/\d+$/);
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(title);
  await expect(staff.getByText('草稿').first()).toBeVisible();
  await expectAccessible(staff, testInfo);
});
