/**
 * Every page at 800x600 in browser mode, on the sample company: no control (button, select, input,
 * link styled as a button) lies outside the window sideways, and nothing in the page scrolls
 * sideways except the tables of data rows, whose width is their data's (a dataset's rows on the Data
 * page, the cohort grid). The import wizard is walked step by step with a file of long column names.
 * Screenshots of each page go to test/artifacts/narrow-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureRendererBuilt, repoRoot } from './support/build';
import { kpiw, serve, type Served } from './support/cli';
import { launch, type Browser } from './support/chromium';

const artifacts = join(repoRoot, 'test', 'artifacts');

/** Deals with long headers and dates, no ID: the widest mapping a person meets. */
function dealsCsv(): string {
  const lines = ['Deal Owner,Deal Stage,Amount,Create Date,Close Date,Original Source Channel Of The Deal,Region Of The Customer Account'];
  for (let i = 0; i < 30; i++)
    lines.push(
      `Owner ${i % 4},${i % 3 ? 'Closed Won' : 'Closed Lost'},${1000 + i},2024-01-${10 + (i % 18)},2024-02-${10 + (i % 18)},Web,Europe Middle East And Africa`,
    );
  return `${lines.join('\n')}\n`;
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.loading, [aria-busy="true"], p.muted[role="status"]') === null);
}

/** The tables of data rows: a dataset has more columns than a window is wide. */
const dataRows = '.data-grid .rows .table-scroll, .cohort-scroll';

/**
 * What lies outside the window sideways or scrolls sideways in the page, one line each; none is right.
 * (No function is declared inside: the page runs it as it is, without the test runner's helpers.)
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of Array.from(document.querySelectorAll('main *'))) {
      if (el.closest(allowed) !== null) continue;
      const tag = `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\s+/g, '.')}`;
      if (/auto|scroll/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${tag} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth})`);
      }
      if (!el.matches('button, select, input, textarea, a.button')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.left < 0 || box.right > width)) {
        const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
        problems.push(`${tag} "${label}" spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
    return problems;
  }, dataRows);
}

describe('browser mode at 800x600: every page usable without scrolling sideways', { timeout: 600_000 }, () => {
  let tmp: string;
  let browser: Browser;
  let server: Served | null = null;

  const check = async (name: string) => {
    const { page } = browser;
    await idle(page);
    await page.screenshot({ path: join(artifacts, `narrow-${name}-800x600.png`) });
    assert.deepEqual(await layoutProblems(page), [], `${name} at 800x600`);
  };

  before(async () => {
    ensureRendererBuilt();
    mkdirSync(artifacts, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'kpiw-narrow-'));
    const dataDir = join(tmp, 'data');
    mkdirSync(dataDir);
    const book = join(tmp, 'sample.kpiw');
    kpiw(['demo', '--out', book], dataDir);
    server = await serve(book, dataDir);
    browser = await launch();
    await browser.page.setViewportSize({ width: 800, height: 600 });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const [page, ready] of [
    ['dashboard', '.kpi-card .kpi-value'],
    ['metrics', 'article[data-kpi] .value'],
    ['data', '.batches table button'],
    ['targets', 'table.targets-grid input'],
    ['reports', 'section.page.reports button'],
    ['settings', 'table.stage-settings select'],
  ] as const) {
    it(`keeps ${page} in the window`, async () => {
      await browser.page.goto(`${server!.url}#/${page}`);
      await browser.page.locator(ready).first().waitFor();
      await check(page);
    });
  }

  it('keeps every step of the import in the window, the Field choices included', async () => {
    const { page } = browser;
    await page.goto(`${server!.url}#/import`);
    await page.locator('.dropzone').waitFor();
    await check('import-file');
    await page.setInputFiles('input[type=file]', { name: 'deals-long-headers.csv', mimeType: 'text/csv', buffer: Buffer.from(dealsCsv()) });
    await page.locator('table.mapping').waitFor();
    await check('import-columns');
    const field = page.getByLabel('Field for column Deal Stage');
    assert.equal(await field.inputValue(), 'stage');
    assert.ok(await field.isVisible());
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('table.values').waitFor();
    await check('import-values');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.record-counts').waitFor();
    await check('import-check');
    await page.getByRole('button', { name: 'Import: 30 new rows' }).click();
    await page.locator('.step-body.result').waitFor();
    await check('import-done');
    assert.deepEqual(browser.problems, []);
  });
});
