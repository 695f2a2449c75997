// F-10 consent (issue 11 item 2) at phone size: a registration that names someone else's mobile as
// the organisation's admin waits on /orgs/registrations; the named number gets a text with the link,
// signs in there with an SMS code and agrees (with JavaScript) or declines (a plain form, without).
// Nothing exists for the organisation until the holder agrees.
//
// Seeded demo data: 常州市科技志愿服务队 (2); volunteers 13900000001–13900000005.
import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { expectAccessible } from './support/a11y';
import { loginWithCode } from './support/login';
import { freshPhone } from './support/phones';
import { OUTBOX } from './support/sms';

const CHANGZHOU = 2;

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

/** The texts the server has sent to `phone`. */
function textsTo(phone: string): string[] {
  const lines = fs.existsSync(OUTBOX) ? fs.readFileSync(OUTBOX, 'utf8').split('\n') : [];
  return lines
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { to: string; text: string })
    .filter((m) => m.to === phone)
    .map((m) => m.text);
}

function uniqueName(): string {
  return `常州市第${Date.now() % 100000}${Math.floor(Math.random() * 10)}科普科技志愿服务支队`;
}

test('a registration naming someone else waits until that number signs in and agrees', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'the registration form validates in the browser');
  test.setTimeout(180_000);
  const registrant = '13900000002';
  const holderPhone = freshPhone('137');
  const orgName = uniqueName();

  await loginWithCode(page, registrant, `/orgs/new?parent=${CHANGZHOU}`);
  await expect(page.getByText(/填写他人手机号，须由其在 7 天内凭短信验证码登录并同意/)).toBeVisible();
  await page.getByLabel('组织名称').fill(orgName);
  await page.getByLabel('联系人姓名').fill('周明');
  await page.getByLabel('联系人手机号').fill(holderPhone);
  await page.getByLabel('是否在民政部门注册').selectOption({ label: '否' });
  await page.getByLabel('主管单位类型').selectOption({ label: '地方科协' });
  await page.getByLabel('主管单位名称').fill('常州市科学技术协会');
  await page.getByLabel('成立日期').fill('2020-05-01');
  await page.getByRole('checkbox', { name: '科普报告' }).check();
  await page.getByLabel('省').selectOption({ label: '江苏省' });
  await page.getByLabel(/^市/).selectOption({ label: '常州市' });
  await page.getByLabel('服务范围').fill('常州市中小学');
  await page.getByLabel('服务内容').fill('科普讲座与实验课');
  await page.getByLabel('服务对象').fill('中小学生');
  await page.getByLabel('计划成员人数').fill('30');
  await page.getByRole('button', { name: '提交注册' }).click();

  // The registrant lands on the list: waiting for the masked number, with a deadline.
  await expect(page).toHaveURL(/\/orgs\/registrations$/);
  const sent = page.locator('.registration-card').filter({ hasText: orgName });
  await expect(sent).toContainText('等待管理员确认');
  await expect(sent).toContainText(masked(holderPhone));
  await expect(sent).toContainText('确认截止');
  await expectAccessible(page, testInfo);

  // The number is told, with the link and no code.
  const texts = textsTo(holderPhone);
  expect(texts).toHaveLength(1);
  expect(texts[0]).toContain('/orgs/registrations');
  expect(texts[0]).toContain(orgName);

  // The holder follows the link signed out, signs up with an SMS code, and agrees.
  const holderContext = await browser.newContext();
  const holder = await holderContext.newPage();
  await holder.goto('/orgs/registrations');
  await expect(holder).toHaveURL(/\/login\?next=/);
  await loginWithCode(holder, holderPhone, '/orgs/registrations');
  await expect(holder.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
  const asked = holder.locator('.registration-card').filter({ hasText: orgName });
  await expect(asked).toContainText(masked(registrant));
  await expect(asked).toContainText('周明');
  await expectAccessible(holder, testInfo);
  await asked.getByRole('button', { name: '同意并担任管理员' }).click();
  await expect(holder.getByText('您已同意，组织已创建，您是它的管理员。')).toBeVisible();
  await expect(asked).toContainText('管理员已同意');
  await asked.getByRole('link', { name: orgName }).click();
  await expect(holder).toHaveURL(/\/orgs\/\d+$/);
  await expect(holder.locator('.status-line .badge').first()).toHaveText('待审核');
  await holderContext.close();

  // The registrant sees the outcome.
  await page.reload();
  await expect(page.locator('.registration-card').filter({ hasText: orgName })).toContainText('管理员已同意');
});

/**
 * A page without JavaScript, signed in as `phone` (signing in by SMS code needs the script, so the
 * session is made in a scripted context and its cookies carried over).
 */
async function withoutScript(browser: Browser, phone: string, path: string): Promise<Page> {
  const scripted = await browser.newContext({ javaScriptEnabled: true });
  await loginWithCode(await scripted.newPage(), phone, path);
  const storageState = await scripted.storageState();
  await scripted.close();
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test('without JavaScript the named holder declines with a plain form, and nothing is created', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone-nojs', 'the same page with JavaScript is in the test above');
  test.setTimeout(180_000);
  const holderPhone = freshPhone('137');
  const orgName = uniqueName();
  // The registration itself is made through its server function (its form needs the script).
  const registrant = await withoutScript(browser, '13900000001', '/orgs/registrations');
  const input = {
    name: orgName, parent_id: CHANGZHOU, contact_name: '周明', contact_mobile: holderPhone, civil_registered: 'no',
    supervisor_type: 'local_cast', supervisor_name: '常州市科学技术协会', founded_on: '2020-05-01',
    service_categories: ['science_lecture'], province: '32', city: '3204', county: '', leader_name: '', leader_title: '',
    leader_unit: '', leader_phone: '', service_scope: '常州市中小学', service_content: '科普讲座与实验课',
    service_objects: '中小学生', service_requirements: '', planned_members: '30',
  };
  const posted = await registrant.request.post('/api/orgs/register', { data: { input } });
  expect(posted.status(), await posted.text()).toBe(200);

  const holder = await withoutScript(browser, holderPhone, '/orgs/registrations');
  const asked = holder.locator('.registration-card').filter({ hasText: orgName });
  await expect(asked).toContainText('等待管理员确认');
  await expectAccessible(holder, testInfo);
  await asked.getByRole('button', { name: '拒绝' }).click();
  await expect(holder).toHaveURL(/\/orgs\/registrations\??$/);
  await expect(asked).toContainText('管理员已拒绝');
  await expect(asked.getByRole('button')).toHaveCount(0);
  await expect(asked.getByRole('link')).toHaveCount(0);

  await registrant.reload();
  await expect(registrant.locator('.registration-card').filter({ hasText: orgName })).toContainText('管理员已拒绝');
});
