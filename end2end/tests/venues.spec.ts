// Staff register a venue (F-40): staff of 武进区科技志愿服务支队 (demo org 4, staff 13800000003)
// open their console's venues tab, follow its button to the form, fill it in (the region's
// selects follow each other), save, and land on the venue's public page, which the console
// then lists. The form needs JavaScript (it is checked in the browser by the server's own
// validator), so the no-JS project skips it.
import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { loginWithCode, signedIn } from './support/login';

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

// Venue photos (F-40): the same staff open a demo venue of their organisation from the console,
// follow "管理照片", add a photo with a caption by the plain multipart form (it works without
// JavaScript, so both projects run this), and the public venue page shows it lazily loaded with
// the caption as its alt text and as og:image; the staff then retire it and it is gone.
const VENUE = '武进区青少年科普教育基地';
// A 1×1 PNG, written by the test.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The staff's console page, with JavaScript as the project has it (signing in needs it). */
async function staffConsole(browser: Browser, js: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const next = `/orgs/${WUJIN}/manage/venues`;
  if (js) return signedIn(browser, WUJIN_STAFF, next);
  const scripted = await browser.newContext({ javaScriptEnabled: true });
  await loginWithCode(await scripted.newPage(), WUJIN_STAFF, next);
  const storageState = await scripted.storageState();
  await scripted.close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(next);
  return { context, page };
}

test('staff add a photo with a caption and the public venue page shows it with that alt text', async ({ browser }, testInfo) => {
  const js = testInfo.project.name !== 'phone-nojs';
  const caption = `科普教育基地的机器人展区（${testInfo.project.name}-${Date.now() % 100000}）`;
  const { context, page } = await staffConsole(browser, js);
  await page.getByRole('link', { name: VENUE }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: VENUE })).toBeVisible();
  const venuePath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: '管理照片' }).click();
  await expect(page).toHaveURL(new RegExp(`${venuePath}/photos$`));
  await expect(page.getByRole('heading', { level: 1, name: '阵地照片' })).toBeVisible();
  await expectAccessible(page, testInfo);

  // A file that is not an image is refused under the field, on the page the post comes back to.
  await page.getByLabel('选择照片').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7\n') });
  await page.getByRole('button', { name: '添加照片' }).click();
  await expect(page.locator('#f-photo-error')).toHaveText('只接受 JPEG、PNG 或 WebP 图片。');
  await expect(page.getByLabel('选择照片')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, testInfo);

  await page.getByLabel('选择照片').setInputFiles({ name: 'robot.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('照片说明（选填）').fill(caption);
  await page.getByRole('button', { name: '添加照片' }).click();
  // Back on the page without the refusal (leptos may leave an empty `?` when it strips it).
  await expect(page).toHaveURL(new RegExp(`${venuePath}/photos\\??$`));
  await expect(page.getByRole('img', { name: caption })).toBeVisible();
  await expectAccessible(page, testInfo);

  // The public page, as anyone sees it: the photo, lazily loaded, with its caption as alt text,
  // and the link preview's image.
  const visitor = await browser.newContext();
  const pub = await visitor.newPage();
  await pub.goto(venuePath);
  const photo = pub.getByRole('img', { name: caption });
  await photo.scrollIntoViewIfNeeded();
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute('loading', 'lazy');
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  const src = await photo.getAttribute('src');
  await expect(pub.locator('meta[property="og:image"]')).toHaveAttribute('content', new RegExp(`${src}$`));
  await expectAccessible(pub, testInfo);

  // Retired by the staff: gone from the public page, and its address answers 404.
  await page.getByRole('button', { name: `停用照片：${caption}` }).click();
  await expect(page.getByRole('img', { name: caption })).toHaveCount(0);
  await pub.goto(venuePath);
  await expect(pub.getByRole('img', { name: caption })).toHaveCount(0);
  expect((await pub.request.get(src ?? '/')).status()).toBe(404);
  await visitor.close();
  await context.close();
});
