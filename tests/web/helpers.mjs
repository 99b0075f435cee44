// Browser-test helpers: Debian's chromium driven by playwright-core, against
// a real `canbo serve` on a real database (tests/api/helpers.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export * from '../api/helpers.mjs';

export const SHOTS = path.resolve('tests/out/screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

export function launch() {
  const exe = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!exe) throw new Error('chromium is not installed (apt-get install chromium)');
  return chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

// A phone: 360 × 740, touch, Vietnamese.
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' };
export const DESKTOP = { viewport: { width: 1280, height: 860 }, locale: 'vi-VN' };

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Signs in through the form; changes an initial password when asked.
export async function signInUI(page, url, creds) {
  await page.goto(url + '/');
  await page.getByLabel('Tên đăng nhập').fill(creds.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(creds.current || creds.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForFunction(() => !location.pathname.startsWith('/dang-nhap'));
  if (new URL(page.url()).pathname === '/doi-mat-khau') {
    const next = `${creds.password}-moi`;
    await page.getByLabel('Mật khẩu hiện tại').fill(creds.current || creds.password);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(next);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(next);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.waitForFunction(() => location.pathname !== '/doi-mat-khau');
    creds.current = next;
  }
}
