// F-01 – F-07 in a real browser at phone size: register by phone + SMS code, complete the
// real-name profile (with the ID-number checks shown before submit), set a password, log out
// and back in; a platform admin opens a volunteer's masked card and an audited full view.
import { test, expect, Page, Request } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { freshPhone, validId, yearsAgo } from './support/phones';
import { lastSmsCode, smsCount } from './support/sms';

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'the login and profile forms validate in the browser');
});

async function loginWithCode(page: Page, phone: string, next?: string) {
  await gotoHydrated(page, next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await lastSmsCode(phone));
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

test('a volunteer registers, completes the profile, and logs out and back in', async ({ page, browser }, testInfo) => {
  const phone = freshPhone();
  await loginWithCode(page, phone);

  // A new account lands on the profile form.
  await expect(page).toHaveURL(/\/me\/profile$/);
  await expect(page.getByRole('heading', { level: 1, name: '实名信息' })).toBeVisible();
  await expectAccessible(page, testInfo);

  const saves = watch(page, 'volunteers/save-profile');
  const good = validId(yearsAgo(30), true);
  const typo = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');

  await page.getByLabel('真实姓名').fill('张志愿');
  await page.getByLabel('性别').selectOption('male');
  const id = page.getByLabel('身份证号');
  await id.fill(typo);
  await id.press('Tab');
  // The checksum message appears under the field as soon as the field is left…
  const idError = page.locator('#f-id_number-error');
  await expect(idError).toHaveText(/身份证号校验位不正确/);
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  // …and submitting does not send anything while it stands.
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/项需要修改/)).toBeVisible();
  expect(saves).toHaveLength(0);
  await expectAccessible(page, testInfo);

  await id.fill(good);
  await id.press('Tab');
  await expect(idError).toBeEmpty();
  await page.getByLabel('政治面貌').selectOption({ label: '群众' });
  await page.getByLabel('民族').selectOption({ label: '汉族' });
  await page.getByLabel('工作单位').fill('常州市第一中学');
  await page.getByLabel('职称').selectOption({ label: '中级' });
  await page.getByLabel('最高学历').selectOption({ label: '本科' });
  await page.getByLabel('从业类别').selectOption({ label: '学校' });
  await page.getByLabel('省').selectOption({ label: '江苏省' });
  await page.getByLabel(/^市/).selectOption({ label: '常州市' });
  await page.getByLabel('县（区）').selectOption({ label: '武进区' });
  await page.getByRole('checkbox', { name: '科普讲解' }).check();
  await page.getByRole('checkbox', { name: '科学教育类' }).check();
  await page.getByLabel('技能特长').fill('天文观测');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('实名信息已保存。')).toBeVisible();
  expect(saves).toHaveLength(1);

  // My page shows the public volunteer number, a masked phone, and no unmasked ID.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /我的/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  await expect(page.getByText('张志愿')).toBeVisible();
  await expect(page.getByText(`${phone.slice(0, 3)}****${phone.slice(7)}`)).toBeVisible();
  const volunteerNo = (await page.locator('#volunteer-no').textContent())?.trim() ?? '';
  expect(volunteerNo).toMatch(/^KJ\d{10}$/);
  await expectAccessible(page, testInfo);

  // A password as a second way in: it takes a fresh code sent to the phone.
  await page.getByRole('link', { name: '设置登录密码' }).click();
  await page.getByLabel('新密码').fill('kexue2026');
  await page.getByRole('button', { name: '保存' }).click();
  // Not without one: the field says so before anything is sent.
  await expect(page.locator('#f-code-error')).not.toBeEmpty();
  const sent = smsCount(phone);
  // The login code went out seconds ago: the page says when to ask again (SMS_RESEND_S).
  await expect(async () => {
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText(/验证码已发送至/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expectAccessible(page, testInfo);
  await page.getByLabel('短信验证码').fill(await lastSmsCode(phone, { after: sent }));
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/密码已设置/)).toBeVisible();

  // Log out…
  await gotoHydrated(page, '/me');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /登录/ })).toBeVisible();

  // …and back in with the password.
  await gotoHydrated(page, '/login');
  await page.getByRole('button', { name: '使用密码登录' }).click();
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel(/^密码/).fill('kexue2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator('#volunteer-no')).toHaveText(volunteerNo);

  // A platform admin sees the card masked; the full view is one audited click away.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await loginWithCode(admin, '13800000000', `/volunteers/${volunteerNo}`);
  await expect(admin).toHaveURL(new RegExp(`/volunteers/${volunteerNo}$`));
  await expect(admin.getByText('张志愿')).toBeVisible();
  await expect(admin.locator('.id-number')).toHaveText(`${good.slice(0, 4)}**********${good.slice(14)}`);
  await expectAccessible(admin, testInfo);
  await admin.getByRole('button', { name: /查看完整信息/ }).click();
  await expect(admin.locator('.id-number')).toHaveText(good);
  await expect(admin.getByText(/已记入审计日志/)).toBeVisible();
  await adminContext.close();
});

test('an ID number under eighteen is refused before submit', async ({ page }, testInfo) => {
  await loginWithCode(page, freshPhone());
  await expect(page).toHaveURL(/\/me\/profile$/);
  const saves = watch(page, 'volunteers/save-profile');
  await page.getByLabel('性别').selectOption('female');
  const id = page.getByLabel('身份证号');
  await id.fill(validId(yearsAgo(17, 300), false));
  await id.press('Tab');
  await expect(page.locator('#f-id_number-error')).toHaveText('科技志愿者须年满 18 周岁');
  await page.getByRole('button', { name: '保存' }).click();
  expect(saves).toHaveLength(0);
  await expectAccessible(page, testInfo);
});

test('a wrong code says how many tries are left', async ({ page }) => {
  const phone = freshPhone();
  await gotoHydrated(page, '/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
  const code = await lastSmsCode(phone);
  await page.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('验证码不正确，还可以再试 4 次');
});
