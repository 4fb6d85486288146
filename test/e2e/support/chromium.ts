import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium; `.ci/run` installs it when missing. CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Where the specs leave their screenshots. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'tmp', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, timeout: 60_000 });
}

/** A page that records its console errors, page errors and CSP violations (read them with `problems`). */
export async function openPage(browser: Browser, url: string): Promise<Page & { problems: string[] }> {
  const page = Object.assign(await browser.newPage({ viewport: { width: 1100, height: 700 } }), { problems: [] as string[] });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  // Runs before the page's own scripts and is not subject to its CSP: a violation would show here.
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`csp violation: ${event.violatedDirective}`)));
  await page.goto(url);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
