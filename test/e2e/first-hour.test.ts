/**
 * The first hour in browser mode, driven in Chromium: an empty workbook welcomes its user with one
 * first step and the kinds of data to import (each naming how many KPIs use it); choosing "Deals
 * from your CRM" opens the import with deals chosen; after the first import the dashboard opens on
 * the quarter with the deals, not All time; the period and comparison chosen survive a reload and a
 * restart of `kpiw serve` (another port, so nothing the browser stored could carry them); the Metrics
 * page and a KPI's panel carry the same controls; split by owner shows ten owners and the rest as
 * Others, saying so; Escape closes a KPI's panel and gives focus back to its card. Screenshots of
 * each step at 1280x800 and 800x600, light and dark, go to test/artifacts/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { catalogue } from '../../shared/metrics/index';
import { ensureRendererBuilt, repoRoot } from './support/build';
import { serve, type Served } from './support/cli';
import { canvasIsDrawn, launch, type Browser } from './support/chromium';

const artifacts = join(repoRoot, 'test', 'artifacts');

/** 14 owners, long names (horizontal bars); each month of 2024-Q1..Q3 owner i wins one deal of 500 x (14 - i) and loses i % 3. */
const owners = [
  'Annika Lindqvist',
  'Bartholomew Okafor',
  'Carmen Villanueva',
  'Dmitri Volkonsky',
  'Eleanor Whitcombe',
  'Farida Haddad',
  'Gustavo Pereira',
  'Hiroshi Tanabe',
  'Ingrid Solberg',
  'Jasper Montgomery',
  'Katarzyna Nowak',
  'Leopold Brandt',
  'Marguerite Dubois',
  'Nikolai Petrov',
];

function dealsCsv(): string {
  const lines = ['Deal ID,Owner,Stage,Amount,Created Date,Close Date'];
  let n = 0;
  owners.forEach((owner, i) => {
    for (let month = 1; month <= 9; month++) {
      const mm = String(month).padStart(2, '0');
      lines.push(`D-${++n},${owner},Closed Won,${500 * (14 - i)},2024-${mm}-02,2024-${mm}-20`);
      for (let k = 0; k < i % 3; k++) lines.push(`D-${++n},${owner},Closed Lost,${800},2024-${mm}-03,2024-${mm}-21`);
    }
  });
  return `${lines.join('\n')}\n`;
}

const kpisUsing = (ds: string) => catalogue.filter((m) => ds in m.needs).length;

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.loading, [aria-busy="true"], p.muted[role="status"]') === null);
}

async function periodShown(page: Page, id: string): Promise<void> {
  await page.waitForFunction((want) => (document.querySelector('.page-head .period-input') as HTMLInputElement | null)?.value === want, id);
  await idle(page);
}

describe('browser mode: the first hour of a new workbook', { timeout: 600_000 }, () => {
  let tmp: string;
  let dataDir: string;
  let book: string;
  let browser: Browser;
  let server: Served | null = null;
  /** A step as a person sees it on a large and on a small screen. */
  const shots = async (name: string, page = browser.page) => {
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(artifacts, `first-hour-${name}-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  before(async () => {
    ensureRendererBuilt();
    mkdirSync(artifacts, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'kpiw-first-hour-'));
    dataDir = join(tmp, 'data');
    mkdirSync(dataDir);
    book = join(tmp, 'Acme.kpiw');
    server = await serve(book, dataDir);
    browser = await launch();
    await browser.page.setViewportSize({ width: 1280, height: 800 });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('welcomes an empty workbook with one first step and the kinds of data, each leading to the import', async () => {
    const { page } = browser;
    await page.goto(server!.url);
    await page.locator('section.welcome').waitFor();
    assert.equal(await page.locator('.kpi-card').count(), 0, 'no wall of empty cards');
    assert.equal(await page.getByRole('link', { name: 'Import your first file' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Open the sample company' }).count(), 1);
    const deals = page.locator('.checklist li', { hasText: 'Deals from your CRM' });
    assert.equal(await deals.innerText(), `Deals from your CRM — used by ${kpisUsing('deals')} KPIs`);
    assert.equal(
      await page.locator('.checklist li', { hasText: 'Tickets from your help desk' }).innerText(),
      `Tickets from your help desk — used by ${kpisUsing('tickets')} KPIs`,
    );
    await shots('welcome');

    await deals.getByRole('link').click();
    await page.waitForURL(/#\/import\?dataset=deals$/);
    assert.match(await page.locator('section.import').innerText(), /Choose the file with your deals from your CRM/);
  });

  it('imports the first file as deals and opens the dashboard on the quarter with them', async () => {
    const { page } = browser;
    await page.setInputFiles('input[type=file]', { name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(dealsCsv()) });
    await page.locator('table.mapping').waitFor();
    // The long header of a column is whole on hover.
    assert.equal(await page.locator('table.mapping th[scope="row"]', { hasText: 'Created Date' }).getAttribute('title'), 'Created Date');
    for (let i = 0; i < 3 && (await page.locator('.as-of').count()) === 0; i++) {
      await page.getByRole('button', { name: 'Next' }).click();
      await idle(page);
    }
    await page.locator('.as-of').waitFor();
    await idle(page);
    await page
      .getByRole('button', { name: /^Import/ })
      .last()
      .click();
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    // The deals run from 2024-01 to 2024-09 and the file was exported today: 2024-Q3 is complete.
    await periodShown(page, '2024-Q3');
    await page.locator('.kpi-card[data-kpi="win_rate"] .kpi-value').waitFor();
    await shots('dashboard');
  });

  it('remembers the period and comparison chosen, across a reload and a restart of the server', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Previous period' }).first().click();
    await periodShown(page, '2024-Q2');
    await page.locator('.page-head').getByLabel('Compare with').selectOption('year');
    // Nothing in 2023: the card says so in plain words.
    await page.locator('.kpi-card[data-kpi="win_rate"] .kpi-change', { hasText: /^no figure a year before$/ }).waitFor();
    await page.reload();
    await periodShown(page, '2024-Q2');
    assert.equal(await page.locator('.page-head').getByLabel('Compare with').inputValue(), 'year');

    await server!.stop();
    server = await serve(book, dataDir);
    // A new port: a new origin, whose browser storage is empty. The bare address, no period in it.
    await page.goto(server.url);
    await periodShown(page, '2024-Q2');
    assert.equal(await page.locator('.page-head').getByLabel('Compare with').inputValue(), 'year');
    await page.locator('.page-head').getByLabel('Compare with').selectOption('previous');
    await idle(page);
  });

  it('gives the Metrics page the same period control, and the dashboard follows it', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/metrics"]');
    await page.locator('section.page.metrics').waitFor();
    await periodShown(page, '2024-Q2');
    await page.locator('.page-head .period-input').fill('2024-Q1');
    await page.keyboard.press('Enter');
    await periodShown(page, '2024-Q1');
    assert.match(await page.locator('article[data-kpi="win_rate"] .value').innerText(), /%/);
    assert.match(await page.locator('article[data-kpi="win_rate"]').innerText(), /Uses Deals \(Status, Closed\)/);
    await shots('metrics');
    await page.click('nav a[href="#/dashboard"]');
    await periodShown(page, '2024-Q1');
    await page.getByRole('button', { name: 'Next period' }).first().click();
    await periodShown(page, '2024-Q2');
    await page.getByRole('button', { name: 'Next period' }).first().click();
    await periodShown(page, '2024-Q3');
  });

  it('splits won revenue by owner: ten owners, the rest as Others, each bar labelled', async () => {
    const { page } = browser;
    await page.locator('.page-head').getByLabel('Split by').selectOption('owner');
    await page.locator('.segment-panel canvas').waitFor();
    await idle(page);
    await page.locator('.segment-panel').getByLabel('KPI').selectOption('won_revenue');
    const figure = page.locator('.segment-panel figure');
    await page.waitForFunction(() => document.querySelector('.segment-panel figcaption')?.textContent?.startsWith('Won revenue by owner') === true);
    assert.match(await figure.locator('figcaption').innerText(), /10 of 14 owners, the rest as Others/);
    const label = (await figure.locator('canvas').getAttribute('aria-label')) ?? '';
    assert.match(label, /Others \(4\)/);
    assert.ok(await canvasIsDrawn(page, '.segment-panel canvas'));
    await shots('split-by-owner');
  });

  it('closes a KPI panel on Escape and gives focus back to its card; the panel has the period controls and field labels', async () => {
    const { page } = browser;
    const card = page.locator('.kpi-card[data-kpi="win_rate"]');
    await card.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('dialog.kpi-panel');
    await panel.locator('table.data tbody tr').first().waitFor();
    assert.equal(await panel.locator('.period-input').inputValue(), '2024-Q3');
    assert.equal(await panel.getByLabel('Compare with').count(), 1);
    const headers = await panel.locator('table.data thead th').allInnerTexts();
    assert.ok(
      headers.some((h) => h.trim() === 'Closed'),
      `field labels, not column names: ${headers.join(' | ')}`,
    );
    assert.ok(!headers.some((h) => /_/.test(h)), `no snake_case header: ${headers.join(' | ')}`);
    await shots('kpi-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-kpi') === 'win_rate');
    assert.deepEqual(browser.problems, []);
  });

  it('draws the welcome, the split and the panel in dark mode', async () => {
    const dark = await launch('dark');
    try {
      const { page } = dark;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${server!.url}#/dashboard?segment=owner`);
      await page.locator('.segment-panel canvas').waitFor();
      await idle(page);
      await shots('dashboard-dark', page);
      await page.locator('.kpi-card[data-kpi="win_rate"]').click();
      await page.locator('dialog.kpi-panel table.data tbody tr').first().waitFor();
      await shots('kpi-panel-dark', page);
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});
