// Staff register a venue (F-40): staff of 武进区科技志愿服务支队 (demo org 4, staff 13800000003)
// open their console's venues tab, follow its button to the form, fill it in (the region's
// selects follow each other), save, and land on the venue's public page, which the console
// then lists. The form needs JavaScript (it is checked in the browser by the server's own
// validator), so the no-JS project skips it.
import { test, expect } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { signedIn } from './support/login';

const WUJIN = 4;
const WUJIN_STAFF = '13800000003';

test('staff register a venue from the console and see its page', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name === 'phone-nojs', 'the venue form is a scripted form; the public pages are covered without JavaScript in map.spec.ts');
  const name = `湖塘镇青少年科普活动室（${Date.now() % 100000}）`;
  const { context, page } = await signedIn(browser, WUJIN_STAFF, `/orgs/${WUJIN}/manage/venues`);

  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole('link', { name: '登记服务阵地' }).click();
  await expect(page).toHaveURL(new RegExp(`/venues/new\\?org=${WUJIN}$`));
  await expect(page.getByRole('heading', { level: 1, name: '登记服务阵地' })).toBeVisible();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  await expectAccessible(page, testInfo);

  // The organisation comes preset from the console's link.
  await expect(page.getByLabel('管理组织')).toHaveValue(String(WUJIN));
  await page.getByLabel('阵地类型').selectOption({ label: '科普教育（示范）基地' });
  await page.getByLabel('阵地名称').fill(name);
  await page.getByLabel(/^省/).selectOption({ label: '江苏省' });
  await page.getByLabel(/^市/).selectOption({ label: '常州市' });
  await page.getByLabel('区（县）').selectOption({ label: '武进区' });
  await page.getByLabel('详细地址').fill('武进区湖塘镇花园街 8 号');
  await page.getByLabel('纬度').fill('31.7125');
  await page.getByLabel('经度').fill('119.9380');
  await page.getByLabel('开放时间（选填）').fill('周六、周日 9:00–17:00');
  await page.getByLabel('联系电话').fill('0519-86660000');
  await page.getByRole('button', { name: '保存' }).click();

  // The venue's own page, as the public sees it.
  await expect(page).toHaveURL(/\/venues\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('武进区湖塘镇花园街 8 号').first()).toBeVisible();
  await expect(page.getByRole('link', { name: '武进区科技志愿服务支队' }).first()).toBeVisible();
  await expectAccessible(page, testInfo);
  const venuePath = new URL(page.url()).pathname;

  // And the console lists it.
  await page.goto(`/orgs/${WUJIN}/manage/venues`);
  await expect(page.locator(`a[href="${venuePath}"]`)).toHaveText(name);
  await expectAccessible(page, testInfo);
  await context.close();
});
