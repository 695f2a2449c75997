// F-30 and F-35 in the browser: the staff screen's rotating QR code opened by a volunteer's phone,
// check-in by position (geolocation granted and set), and a check-in made offline that is sent
// when the connection comes back. Without JavaScript, the /checkin/{token} path is a plain post.
// Seeded demo data (server/src/seed.rs): 武进区科技志愿服务支队 (4) with staff 13800000003;
// volunteers 13900000001, 03, 04 and 05 have complete profiles. Each test publishes its own
// activity starting in 20 minutes (check-in opens an hour before the start) and signs people up.
import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { signedIn, loginWithCode } from './support/login';

const WUJIN = 4;
const STAFF = '13800000003';
const VENUE = { latitude: 31.706, longitude: 119.942 };

/** Beijing wall-clock time `minutes` from now, as the publish form writes it. */
function local(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** Publishes an activity of 武进 starting in 20 minutes, as the staff member; returns its id. */
async function publish(staff: Page, title: string): Promise<number> {
  const input = {
    org_id: WUJIN, project_id: null, title, category: 'science_lecture', content_form: 'education', mode: 'offline',
    service_objects: ['public'], special_groups: [], content: '现场签到演示：扫码、定位和离线签到。',
    province: '32', city: '3204', county: '320412', address: '常州市武进区湖塘镇社区服务中心二楼', online_link: '',
    lat: String(VENUE.latitude), lng: String(VENUE.longitude), starts_at: local(20), ends_at: local(140),
    signup_opens_at: '', signup_closes_at: '', cancel_deadline_at: '', capacity: '20', needs_approval: false,
    min_age: '', max_age: '', skills: '', qualification: '', training_required: false, insurance_required: false,
    risks: '', contact_name: '王强', contact_phone: '13900000003', purpose: '', process: '', support: '', funding: '',
    emergency_plan: '', publicity: '',
  };
  const res = await staff.request.post('/api/activities/save', { data: { id: null, input, publish: true } });
  expect(res.status(), await res.text()).toBe(200);
  return Number(await res.text());
}

async function signUp(page: Page, activity: number) {
  const res = await page.request.post('/api/activities/sign-up', {
    form: { 'input[activity_id]': String(activity), 'input[risks_read]': 'true', 'input[insurance_ack]': 'true', 'input[training_ack]': 'true' },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** The address in the staff screen's QR code, read from the page. */
async function screenUrl(staff: Page, activity: number, dir = 'in'): Promise<string> {
  await staff.goto(`/activities/${activity}/checkin/screen${dir === 'out' ? '?dir=out' : ''}`);
  const link = staff.locator('#checkin-url');
  await expect(link).toHaveAttribute('data-token', /^\d+\.\d+\.[io]\.[0-9a-f]+$/);
  await expect(staff.locator('.checkin-qr svg')).toBeVisible();
  return (await link.getAttribute('href')) ?? '';
}

test.describe('check-in with JavaScript', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name === 'phone-nojs', 'the scanner, geolocation and the offline queue need JavaScript');
  });

  test('a volunteer checks in and out with the rotating code the staff screen shows', async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const { context: sc, page: staff } = await signedIn(browser, STAFF, '/me');
    const id = await publish(staff, '扫码签到演示活动');
    const { context: vc, page: phone } = await signedIn(browser, '13900000003', '/me');
    await signUp(phone, id);

    const url = await screenUrl(staff, id);
    await expectAccessible(staff, testInfo);

    // The phone's camera app opens the address.
    await phone.goto(url);
    await expect(phone.locator('#checkin-state')).toHaveAttribute('data-state', 'none');
    await expectAccessible(phone, testInfo);
    await phone.getByRole('button', { name: '签到', exact: true }).click();
    await expect(phone.locator('#checkin-status')).toContainText('签到成功');
    await phone.reload();
    await expect(phone.locator('#checkin-state')).toHaveAttribute('data-state', 'in');
    await expect(phone.getByRole('button', { name: '签到', exact: true })).toHaveCount(0);

    // A second scan of the same screen is told it is already recorded, not an error.
    await phone.goto(await screenUrl(staff, id, 'out'));
    await phone.getByRole('button', { name: '签退', exact: true }).click();
    await expect(phone.locator('#checkin-status')).toContainText('签退成功');
    await phone.reload();
    await expect(phone.locator('#checkin-state')).toHaveAttribute('data-state', 'out');
    await expectAccessible(phone, testInfo);

    // The staff list shows it.
    await staff.goto(`/activities/${id}/checkin/staff`);
    await expect(staff.locator('.staff-checkin-row').filter({ hasText: '签退时间' })).toHaveCount(1);
    await expectAccessible(staff, testInfo);
    // The code rotates in place: once its window has passed, the open screen shows another
    // one without reloading (a mark left on the window survives only if the page stays).
    await screenUrl(staff, id);
    await expect(staff.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
    const shown = (await staff.locator('#checkin-url').getAttribute('data-token')) ?? '';
    await staff.evaluate(() => ((window as any).__stillHere = true));
    await expect(staff.locator('#checkin-url')).not.toHaveAttribute('data-token', shown, { timeout: 45_000 });
    expect(await staff.evaluate(() => (window as any).__stillHere)).toBe(true);
    await expect(staff.locator('.checkin-qr svg')).toBeVisible();
    await sc.close();
    await vc.close();
  });

  test('a volunteer checks in by position at the venue', async ({ browser }, testInfo) => {
    const { context: sc, page: staff } = await signedIn(browser, STAFF, '/me');
    const id = await publish(staff, '定位签到演示活动');
    const { context, page } = await signedIn(browser, '13900000001', '/me');
    await signUp(page, id);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: VENUE.latitude + 0.0005, longitude: VENUE.longitude, accuracy: 25 });

    // From "my activities", the confirmed sign-up links to its check-in page.
    await page.goto('/me/activities');
    // On a slow phone the page's own script works before the WASM arrives; what it showed stays
    // when hydration comes after it.
    await page.route('**/pkg/*.wasm', async (route) => {
      await new Promise((done) => setTimeout(done, 3_000));
      await route.continue();
    });
    await page
      .locator('li')
      .filter({ hasText: '定位签到演示活动' })
      .getByRole('link', { name: '签到签退' })
      .and(page.locator(`[href="/activities/${id}/checkin"]`))
      .click();
    await expect(page).toHaveURL(new RegExp(`/activities/${id}/checkin$`));
    await page.getByRole('button', { name: '定位签到' }).click();
    await expect(page.locator('#checkin-status')).toContainText('签到成功');
    await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
    await expect(page.locator('#checkin-status')).toBeVisible();
    await expect(page.locator('#checkin-status')).toContainText('签到成功');
    await expect(page.locator('#queue-status')).toHaveAttribute('data-queued', '0');
    await page.unroute('**/pkg/*.wasm');
    await expectAccessible(page, testInfo);
    await page.reload();
    await expect(page.locator('#checkin-state')).toHaveAttribute('data-state', 'in');
    await expect(page.getByRole('button', { name: '定位签退' })).toBeVisible();
    await expectAccessible(page, testInfo);

    // Staff see it on the list, checked in by position.
    await staff.goto(`/activities/${id}/checkin/staff`);
    await expect(staff.locator('.staff-checkin-row').filter({ hasText: '定位' })).toHaveCount(1);
    await sc.close();
    await context.close();
  });

  test('a check-in made offline is kept and sent when the connection is back', async ({ browser }, testInfo) => {
    const { context: sc, page: staff } = await signedIn(browser, STAFF, '/me');
    const id = await publish(staff, '离线签到演示活动');
    const { context, page } = await signedIn(browser, '13900000004', '/me');
    await signUp(page, id);
    const url = await screenUrl(staff, id);

    await page.goto(`/activities/${id}/checkin`);
    await expect(page.locator('#queue-status')).toHaveAttribute('data-queued', '0');
    // The page's service worker keeps a copy of it once it controls the page: reopened without a
    // connection, the page still comes up (the server-rendered page with its own small script).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await page.reload();
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('#queue-status')).toHaveAttribute('data-queued', '0');
    // The in-page scanner reads the code (its camera part is the browser's; the code's address
    // goes through the same path).
    await page.evaluate((u) => (window as any).sciserveCheckinSubmitUrl(u), url);
    await expect(page.locator('#checkin-status')).toContainText('已保存在手机上');
    await expect(page.locator('#queue-status')).toHaveAttribute('data-queued', '1');
    await expectAccessible(page, testInfo);
    await context.setOffline(false);
    await expect(page.locator('#queue-status')).toHaveAttribute('data-queued', '0');
    await expect(page.locator('#checkin-status')).toContainText('签到成功');
    await page.reload();
    await expect(page.locator('#checkin-state')).toHaveAttribute('data-state', 'in');
    await sc.close();
    await context.close();
  });
});

/** A page without JavaScript carrying the cookies of a page that signed in with it. */
async function withoutScript(browser: Browser, phone: string): Promise<{ context: BrowserContext; page: Page }> {
  const scripted = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  await loginWithCode(scripted, phone, '/me');
  const storageState = await scripted.context().storageState();
  await scripted.context().close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

test('without JavaScript the code from the screen checks a volunteer in with a plain post', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone-nojs', 'the journey without JavaScript');
  const { context: sc, page: staff } = await withoutScript(browser, STAFF);
  const id = await publish(staff, '无脚本签到演示活动');
  const { context, page } = await withoutScript(browser, '13900000005');
  await signUp(page, id);
  const url = await screenUrl(staff, id);
  await expectAccessible(staff, testInfo);
  await page.goto(url);
  await expectAccessible(page, testInfo);
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page).toHaveURL((u) => u.pathname.startsWith('/checkin/') && !u.searchParams.has('__err'));
  await expect(page.locator('#checkin-state')).toHaveAttribute('data-state', 'in');
  await expectAccessible(page, testInfo);
  // The same code again (a second tap on an old page): acknowledged, still one check-in.
  await staff.goto(`/activities/${id}/checkin/staff`);
  await expect(staff.locator('.staff-checkin-row').filter({ hasText: '签到时间' })).toHaveCount(1);
  await expectAccessible(staff, testInfo);
  await sc.close();
  await context.close();
});
