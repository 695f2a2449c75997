// Playwright for sciserve: Debian's Chromium (no browser download on these machines), a phone-sized
// viewport, Chinese locale, and the server binary that `cargo leptos build` produced, started on a
// fresh SQLite file with demo data.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

const here = __dirname;
const root = path.resolve(here, '..');
const tmp = path.join(here, '.tmp');
const port = Number(process.env.SCISERVE_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// The server binary: debug build by default; SCISERVE_BIN=../target/release/server for release.
const bin = path.resolve(here, process.env.SCISERVE_BIN ?? '../target/debug/server');
const db = path.join(tmp, 'e2e.db');
const outbox = path.join(tmp, 'sms-outbox.jsonl');

// Debian installs the real binary under /usr/lib/chromium; /usr/bin/chromium is a wrapper script.
const chromium =
  process.env.CHROMIUM_PATH ??
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export default defineConfig({
  testDir: 'tests',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  outputDir: 'test-results',
  use: {
    baseURL,
    viewport: { width: 360, height: 740 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
    },
  },
  projects: [
    // JavaScript on: the page hydrates.
    { name: 'phone', use: { javaScriptEnabled: true } },
    // JavaScript off: server-rendered HTML and plain forms only. A spec that needs JS opts out with
    // `test.skip(testInfo.project.name === 'phone-nojs', 'needs JavaScript')`.
    { name: 'phone-nojs', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    // A fresh database every run; the outbox is emptied too so codes from old runs never match.
    command: `mkdir -p ${q(tmp)} && rm -f ${q(db)} ${q(db)}-wal ${q(db)}-shm ${q(outbox)} && exec ${q(bin)}`,
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      ...(process.env as Record<string, string>),
      LEPTOS_OUTPUT_NAME: 'sciserve',
      LEPTOS_SITE_ROOT: path.join(root, 'target/site'),
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${db}?mode=rwc`,
      SMS_SENDER: 'outbox',
      SMS_OUTBOX: outbox,
      SCISERVE_SEED_DEMO: 'true',
      // Uploaded files and the signing key stay with this run's database.
      SCISERVE_DATA_DIR: path.join(tmp, 'data'),
      // Text messages about activities leave the outbox table every second, so a test sees them.
      SCISERVE_NOTICE_INTERVAL_S: '1',
      // Every browser test talks from 127.0.0.1; the per-address limit has its own server test.
      SMS_PER_CLIENT_HOURLY: '10000',
      // Staff numbers sign in many times a run (more when a failure restarts the worker and its
      // saved sessions are lost); the per-number limit has its own server test (accounts.rs).
      SMS_PER_NUMBER_HOURLY: '1000',
      // A code to confirm a new password follows the login code within a minute.
      SMS_RESEND_S: '5',
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
  },
});
