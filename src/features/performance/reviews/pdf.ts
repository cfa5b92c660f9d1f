// The review's PDF edition: Chromium's own print to PDF, driven by playwright-core, from the same
// HTML the page shows (views/print.njk around the report), with the council's name, the review's
// title and "Page n of m" on every page. One browser is launched on the first PDF and reused (a
// new context per PDF, so nothing leaks between them); the app closes it when it closes. If
// Chromium is missing or will not start, ChromiumUnavailable says how to install it: the route
// shows that as a page, never a 500.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { chromium as playwrightChromium } from 'playwright-core';

type PlaywrightChromium = typeof playwrightChromium;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class ChromiumUnavailable extends Error {
  constructor(
    readonly executablePath: string,
    readonly reason: string,
  ) {
    super(`Chromium could not be started from ${executablePath}: ${reason}`);
  }
}

export interface PdfHeader {
  councilName: string;
  title: string;
}

export interface PdfRenderer {
  /** A PDF of a whole HTML document (styles inlined: it is loaded from no address). */
  pdf(html: string, header: PdfHeader): Promise<Buffer>;
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Header and footer are separate documents Chromium draws in the margins: they need their own
// (inline) styles, and take the page number and count from the classes Chromium fills in.
const header = (h: PdfHeader) =>
  `<div style="font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #0b0c0c; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;"><span>${escapeHtml(h.councilName)}</span><span>${escapeHtml(h.title)}</span></div>`;
const footer = (h: PdfHeader) =>
  `<div style="font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #0b0c0c; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;"><span>${escapeHtml(h.councilName)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

export function createPdfRenderer(options: { executablePath?: string; launchTimeoutMs?: number } = {}): PdfRenderer {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  let browser: Promise<Browser> | undefined;
  let closed = false;

  const launch = async (): Promise<Browser> => {
    if (!fs.existsSync(executablePath)) throw new ChromiumUnavailable(executablePath, 'no such file');
    let chromium: PlaywrightChromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new ChromiumUnavailable(executablePath, 'the playwright-core package is not installed');
    }
    try {
      const started = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: options.launchTimeoutMs ?? 30_000 });
      // A crash or a kill: the next PDF launches a new one.
      started.on('disconnected', () => {
        browser = undefined;
      });
      return started;
    } catch (error) {
      throw new ChromiumUnavailable(executablePath, error instanceof Error ? error.message.split('\n')[0]! : String(error));
    }
  };

  const browserNow = (): Promise<Browser> => {
    if (closed) return Promise.reject(new ChromiumUnavailable(executablePath, 'the app is shutting down'));
    if (!browser) {
      const starting = launch();
      browser = starting;
      // A failed start is not kept: Chromium may be installed before the next try.
      starting.catch(() => {
        if (browser === starting) browser = undefined;
      });
    }
    return browser;
  };

  return {
    async pdf(html, h) {
      const context = await (await browserNow()).newContext();
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: header(h),
          footerTemplate: footer(h),
          margin: { top: '22mm', bottom: '20mm', left: '15mm', right: '15mm' },
          tagged: true,
          outline: true,
        });
        return Buffer.from(pdf);
      } finally {
        await context.close().catch(() => undefined);
      }
    },
    async close() {
      closed = true;
      const open = browser;
      browser = undefined;
      if (open) await open.then((b) => b.close()).catch(() => undefined);
    },
  };
}

// The site's stylesheet, inlined into the print edition (which Chromium loads from no address).
const STYLESHEET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../public/build/app.css');
let stylesheet: string | undefined;

export function siteStylesheet(): string {
  if (stylesheet === undefined) {
    try {
      stylesheet = fs.readFileSync(STYLESHEET, 'utf8');
    } catch {
      // Not built (npm run build:assets): the PDF is plainer but still complete.
      return '';
    }
  }
  return stylesheet;
}

/**
 * The same renderer, remembering the last few PDFs by their content: a published review's PDF is
 * printed once, not again for every resident who downloads it from /performance (each print holds
 * a Chromium page for a fraction of a second to seconds). Drafts change, so they rarely hit.
 */
export function rememberingPdfs(renderer: PdfRenderer, size = 16): PdfRenderer {
  const made = new Map<string, Buffer>();
  return {
    async pdf(html, header) {
      const key = createHash('sha256').update(JSON.stringify([html, header])).digest('hex');
      const known = made.get(key);
      if (known) return known;
      const body = await renderer.pdf(html, header);
      made.set(key, body);
      if (made.size > size) made.delete(made.keys().next().value!);
      return body;
    },
    close: () => renderer.close(),
  };
}
