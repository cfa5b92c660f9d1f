// Browser tests: Debian's Chromium driven by playwright-core, and the accessibility check every
// page gets: `await expectAccessible(page)` is the one line to add for a new page.
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { CHROMIUM_PATH } from './chromium.js';
import { startTestApp, type TestApp } from './app.js';
import type { Engine } from './databases.js';
// The flags Chromium needs here are the ones the review's PDF printer launches it with.
import { CHROMIUM_ARGS } from '../../src/features/performance/reviews/pdf.js';

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Fails with each violation's rule, impact and the elements at fault. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const described = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  if (described.length) throw new Error(`WCAG 2.2 AA violations on ${page.url()}:\n  ${described.join('\n  ')}`);
}

/**
 * Checks the page with axe-core and, with SHOTS_DIR set, saves it at a phone's and a desktop's
 * width (name-320.png, name-1280.png) for someone to look at.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const size = page.viewportSize();
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

export interface BrowserContext {
  browser: Browser;
  app: TestApp;
  baseUrl: string;
  /** A new page in a fresh browser context (no cookies shared with other pages). */
  newPage(): Promise<Page>;
}

/** Declares a browser suite with a running app; skipped (and said so) when Chromium is missing. */
export function describeInBrowser(name: string, body: (use: () => BrowserContext) => void, engine: Engine = 'pglite'): void {
  // A page with an accessibility check takes seconds, and several on a busy two-core machine more
  // than the unit tests' 30: browser journeys get two minutes each.
  describe.skipIf(!inject('chromium'))(name, { timeout: 120_000 }, () => {
    let context: BrowserContext | undefined;
    beforeAll(async () => {
      const app = await startTestApp(engine);
      const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      context = {
        browser,
        app,
        baseUrl: address,
        newPage: async () => (await browser.newContext({ baseURL: address })).newPage(),
      };
    });
    afterAll(async () => {
      await context?.browser.close();
      await context?.app.close();
    });
    body(() => {
      if (!context) throw new Error('browser not started');
      return context;
    });
  });
}

export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
