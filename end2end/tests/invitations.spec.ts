// Answering an import's invitation (issue 11 item 1), with JavaScript and without: a collective
// registration creates a volunteer in 常州 (2); importing the same person into 武进 (4) and 天宁
// (5) only invites them. Under "我的组织" they accept one and decline the other — each answer a
// plain form — and only the accepted one becomes a membership. Seeded demo data
// (server/src/seed.rs): 13800000002 administers 常州 and its subtree.
import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { gotoHydrated } from './support/hydration';
import { loginWithCode } from './support/login';
import { freshPhone, validId, yearsAgo } from './support/phones';

const CHANGZHOU = 2;
const WUJIN = 4;
const TIANNING = 5;
const CHANGZHOU_ADMIN = '13800000002';

/** The 17 columns of the volunteer table (app/src/codes VOLUNTEER_HEADERS). */
const VOLUNTEER_HEADERS = [
  '序号', '真实姓名', '手机号', '性别', '身份证号', '政治面貌', '民族', '工作单位', '职称', '最高学历', '从业类别',
  '所在区域省', '所在区域市', '所在区域县', '服务类别', '服务领域或行业', '是否为基层“四长”',
];

/** Commits a one-row volunteer sheet into `org` through the import endpoint, as the admin. */
async function importRow(admin: BrowserContext, org: number, row: string[]): Promise<Record<string, unknown>> {
  const csv = `${VOLUNTEER_HEADERS.join(',')}\r\n${row.join(',')}\r\n`;
  const response = await admin.request.post('/api/orgs/import', {
    multipart: {
      org_id: String(org),
      kind: 'volunteers',
      commit: '1',
      file: { name: 'volunteers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') },
    },
  });
  expect(response.ok()).toBeTruthy();
  const report = await response.json();
  expect(report.committed).toBe(true);
  return report;
}

/** A context signed in as `phone`; signing in by code needs the script, whatever the project. */
async function signedInScripted(browser: Browser, phone: string, next: string): Promise<BrowserContext> {
  const scripted = await browser.newContext({ javaScriptEnabled: true });
  await loginWithCode(await scripted.newPage(), phone, next);
  return scripted;
}

/** `phone` signed in, then a page of "我的组织" with the project's own setting. */
async function volunteerPage(browser: Browser, phone: string, jsOn: boolean): Promise<Page> {
  const scripted = await signedInScripted(browser, phone, '/me/orgs');
  const storageState = await scripted.storageState();
  await scripted.close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: jsOn });
  const page = await context.newPage();
  if (jsOn) await gotoHydrated(page, '/me/orgs');
  else await page.goto('/me/orgs');
  return page;
}

test('an invited volunteer accepts one invitation and declines another', async ({ browser }, testInfo) => {
  const jsOn = testInfo.project.use.javaScriptEnabled !== false;
  const admin = await signedInScripted(browser, CHANGZHOU_ADMIN, `/orgs/${CHANGZHOU}/manage`);
  const phone = freshPhone('136');
  const name = jsOn ? '邀请甲' : '邀请乙';
  const row = ['1', name, phone, '女', validId(yearsAgo(30), false, '320412'), '群众', '汉族', '常州大学', '中级', '本科',
    '企业', '江苏省', '常州市', '武进区', '科技培训', '科学教育类', '否'];
  expect((await importRow(admin, CHANGZHOU, row)).created).toBe(1);
  for (const org of [WUJIN, TIANNING]) {
    const report = await importRow(admin, org, row);
    expect([report.created, report.invited]).toEqual([0, 1]);
  }
  await admin.close();

  const page = await volunteerPage(browser, phone, jsOn);
  await expect(page.getByRole('heading', { level: 2, name: '邀请您加入的组织' })).toBeVisible();
  const invitation = (org: string) => page.locator('.invitation-card').filter({ hasText: org });
  await expect(invitation('武进区科技志愿服务支队')).toHaveCount(1);
  await expect(invitation('天宁区科技志愿服务支队')).toHaveCount(1);
  // Invited is not a member: only 常州, where the import created the account, is listed.
  await expect(page.locator('.membership-card:not(.invitation-card)')).toHaveCount(1);
  await expectAccessible(page, testInfo);

  await invitation('武进区科技志愿服务支队').getByRole('button', { name: '接受邀请' }).click();
  await expect(invitation('武进区科技志愿服务支队')).toHaveCount(0);
  if (jsOn) await expect(page.getByText('您已接受邀请，成为该组织成员。')).toBeVisible();
  await invitation('天宁区科技志愿服务支队').getByRole('button', { name: '谢绝' }).click();
  await expect(page.locator('.invitation-card')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: '邀请您加入的组织' })).toHaveCount(0);

  const members = page.locator('.membership-card');
  await expect(members).toHaveCount(2);
  await expect(members.filter({ hasText: '武进区科技志愿服务支队' }).getByText('已加入', { exact: true })).toBeVisible();
  await expect(members.filter({ hasText: '天宁区科技志愿服务支队' })).toHaveCount(0);
  await expectAccessible(page, testInfo);

  // The inbox told them, naming the organisation only.
  await page.goto('/inbox');
  await expect(page.getByText(/“武进区科技志愿服务支队”邀请您加入/)).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.context().close();
});
