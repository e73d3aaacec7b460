/**
 * A new user's journey in browser mode, driven in Chromium: the sample dashboard with its cards and
 * drawn charts; the Maven CRM pipeline imported through the wizard into a new workbook (one mapping
 * changed, the preview read); 2017-Q2 showing the win rate the CLI reports; a target and its
 * status; the report exported and read back. Each page is saved as a screenshot in test/artifacts/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { formatValue } from '../../shared/format';
import { ensureRendererBuilt, repoRoot } from './support/build';
import { kpiw, serve, type Served } from './support/cli';
import { canvasIsDrawn, launch, type Browser } from './support/chromium';

const maven = fileURLToPath(new URL('../../../shared/datasets/maven-crm-sales/sales_pipeline.csv', import.meta.url));
const artifacts = join(repoRoot, 'test', 'artifacts');

interface CliMetric {
  id: string;
  status: string;
  value: number | null;
}

function cliMetrics(book: string, dataDir: string, period?: string): { period: { id: string }; metrics: CliMetric[] } {
  return JSON.parse(kpiw(['metrics', book, ...(period ? ['--period', period] : []), '--json'], dataDir)) as { period: { id: string }; metrics: CliMetric[] };
}

describe('browser mode: a new user journey', { timeout: 600_000 }, () => {
  let tmp: string;
  let dataDir: string;
  let browser: Browser;
  let server: Served | null = null;
  const shot = (name: string) => browser.page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: name === 'dashboard-full' });

  before(() => {
    ensureRendererBuilt();
    mkdirSync(artifacts, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'kpiw-e2e-'));
    dataDir = join(tmp, 'data');
    mkdirSync(dataDir);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the sample dashboard with every KPI card and drawn charts', async () => {
    const book = join(tmp, 'sample.kpiw');
    kpiw(['demo', '--out', book], dataDir);
    const expected = cliMetrics(book, dataDir);
    server = await serve(book, dataDir);
    browser = await launch();
    const { page } = browser;
    const started = Date.now();
    await page.goto(server.url);
    await page.waitForFunction((n) => document.querySelectorAll('.kpi-card').length === n, expected.metrics.length);
    // A measurement for the notes, not an assertion: the machine is shared.
    console.log(`dashboard with ${expected.metrics.length} KPI cards after ${Date.now() - started} ms (cold server)`);
    const again = Date.now();
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('.kpi-card').length === n, expected.metrics.length);
    console.log(`dashboard with ${expected.metrics.length} KPI cards after ${Date.now() - again} ms (reload)`);
    assert.equal(await page.locator('.period-input').inputValue(), expected.period.id);
    const canvases = await page.locator('canvas').count();
    assert.ok(canvases >= 5, `expected the dashboard charts, found ${canvases} canvases`);
    for (let i = 0; i < canvases; i++) assert.ok(await canvasIsDrawn(page, `:nth-match(canvas, ${i + 1})`), `chart ${i + 1} is blank`);
    await shot('dashboard');
    await shot('dashboard-full');

    await page.locator('.kpi-card[data-kpi="win_rate"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog.kpi-panel table.data tbody tr').first().waitFor();
    assert.match(await page.locator('dialog.kpi-panel .formula').innerText(), /won/);
    await shot('kpi-panel');
    await page.keyboard.press('Escape');

    for (const p of ['data', 'metrics', 'targets', 'reports', 'settings', 'import']) {
      await page.click(`nav a[href="#/${p}"]`);
      await page.locator(`section.page.${p}`).waitFor();
      await page.waitForFunction(() => document.querySelector('.loading, [aria-busy="true"]') === null);
      await shot(p);
    }
    assert.deepEqual(browser.problems, []);
  });

  it('draws the dashboard in dark mode', async () => {
    assert.ok(server);
    const dark = await launch('dark');
    try {
      await dark.page.goto(server.url);
      await dark.page.locator('.kpi-card').first().waitFor();
      await dark.page.locator('canvas').first().waitFor();
      const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(17, 20, 24)');
      await dark.page.screenshot({ path: join(artifacts, 'dashboard-dark.png') });
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });

  const book = () => join(tmp, 'maven.kpiw');

  it('imports the Maven CRM pipeline through the wizard', async () => {
    await server?.stop();
    // A new workbook with nothing about deals in it: `kpiw import` creates it from one row of web traffic.
    const seed = join(tmp, 'seed.csv');
    writeFileSync(seed, 'day,sessions,conversions\n2017-04-03,100,2\n');
    kpiw(['import', seed, '--into', book()], dataDir);
    server = await serve(book(), dataDir);
    const { page } = browser;
    await page.goto(server.url);
    await page.click('nav a[href="#/import"]');
    // The export as downloaded plus two rows a user's own edits might leave: one without a stage
    // (spreadsheet row 8802) and one whose close date does not exist (row 8803).
    const file = join(tmp, 'sales_pipeline.csv');
    writeFileSync(
      file,
      `${readFileSync(maven, 'utf8').trimEnd()}\nZZBAD001,Moses Frase,GTXPro,Cancity,,2017-04-02,2017-05-02,1000\nZZBAD002,Moses Frase,GTXPro,Cancity,Won,2017-04-02,2017-02-31,1000\n`,
    );
    await page.setInputFiles('input[type=file]', file);
    const mapping = page.locator('table.mapping');
    await mapping.waitFor();
    assert.equal(await page.locator('select', { has: page.locator('option[value="deals"]') }).first().inputValue(), 'deals');
    // The user leaves the product column out; nothing a win rate reads depends on it.
    const product = page.getByLabel('Field for column product');
    assert.equal(await product.inputValue(), 'product');
    await product.selectOption('');
    await page.waitForFunction(() => (document.querySelector('select[aria-label="Field for column product"]') as HTMLSelectElement | null)?.value === '');
    await shot('import-mapping');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('table.stages').waitFor();
    assert.equal(await page.getByLabel('Status for stage Won').inputValue(), 'won');
    assert.equal(await page.getByLabel('Status for stage Lost').inputValue(), 'lost');
    await shot('import-stages');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.accepted-count').waitFor();
    const accepted = Number((await page.locator('.accepted-count').innerText()).replace(/\D/g, ''));
    const rejected = Number((await page.locator('.rejected-count').innerText()).replace(/\D/g, ''));
    // The Maven file has 8,800 data rows (8,801 lines with the header), plus the two added here.
    assert.equal(accepted + rejected, 8802);
    assert.ok(rejected >= 1, 'the row without a stage is left out');
    const rows = await page.locator('table.data tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => /^8802\s+deal_stage/.test(r)), `the row without a stage is listed with its row number: ${rows.join(' | ')}`);
    await shot('import-preview');
    await page.getByRole('button', { name: /^Import [\d,.\s]+ rows$/ }).click();
    await page.locator('.result .notice.ok').waitFor({ timeout: 120_000 });
    assert.match(await page.locator('.result .notice.ok').innerText(), new RegExp(`Imported ${accepted.toLocaleString('en-US')} rows into deals`));
    await shot('import-done');
  });

  it('shows the win rate the CLI reports for 2017-Q2', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/dashboard"]');
    // A person types the period once the dashboard has loaded its default quarter.
    await page.locator('section.dashboard[aria-busy="false"]').waitFor();
    await page.locator('.period-input').fill('2017-Q2');
    await page.keyboard.press('Enter');
    // 2017-Q2 may already be the default (the seed row is dated 2017-04-03), so the URL need not change.
    await page.waitForFunction(() => (document.querySelector('.period-input') as HTMLInputElement | null)?.value === '2017-Q2');
    const card = page.locator('.kpi-card[data-kpi="win_rate"] .kpi-value');
    const cli = cliMetrics(book(), dataDir, '2017-Q2').metrics.find((m) => m.id === 'win_rate');
    assert.ok(cli && cli.status === 'ok' && cli.value !== null, 'the CLI computes a win rate for 2017-Q2');
    const settings = await page.evaluate(() => document.querySelector('.workbook')?.textContent ?? '');
    assert.ok(settings.includes('maven.kpiw'));
    // A new workbook formats for en-US in USD until its settings say otherwise.
    const expected = formatValue(cli.value, 'ratio', { locale: 'en-US', currency: 'USD' });
    await page.locator('section.dashboard[aria-busy="false"]').waitFor();
    assert.equal(await card.innerText(), expected);
    await shot('dashboard-2017-Q2');
  });

  it('sets a target and shows its status', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/targets"]');
    const cell = page.locator('input[data-target="win_rate|2017-Q2"]');
    await cell.waitFor();
    // 99 % is above any win rate in the file, so the quarter is off track.
    await cell.fill('99');
    await page.getByRole('button', { name: 'Save targets' }).click();
    await page.locator('.notice.ok').waitFor();
    await shot('targets-set');
    await page.click('nav a[href="#/dashboard"]');
    const status = page.locator('.kpi-card[data-kpi="win_rate"] .kpi-target');
    await status.waitFor();
    assert.match(await status.innerText(), /Off track · 99\.0%/);
  });

  it('exports the report and reads it back', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/reports"]');
    assert.equal(await page.locator('.period-input').inputValue(), '2017-Q2');
    await page.getByRole('button', { name: 'Export report' }).click();
    const link = page.locator('a.download');
    await link.waitFor({ timeout: 120_000 });
    await shot('reports-done');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(tmp, 'report.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    assert.ok(wb.worksheets.length >= 3, `sheets: ${wb.worksheets.map((s) => s.name).join(', ')}`);
    let found = false;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (String(c.value) === 'Win rate') found = true;
        }),
      ),
    );
    assert.ok(found, 'the report names the win rate');
    assert.deepEqual(browser.problems, []);
  });

  it('takes a dropped file, offers to import a duplicate again, and undoes it', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/data"]');
    await page.locator('section.page.data').waitFor();
    // The seed file imported by the CLI at the start, dropped on the page as a user would.
    const text = readFileSync(join(tmp, 'seed.csv'), 'utf8');
    await page.evaluate((csv) => {
      const dt = new DataTransfer();
      dt.items.add(new File([csv], 'traffic.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, text);
    await page.locator('table.mapping').waitFor();
    assert.match(await page.locator('.notice.warn').first().innerText(), /imported before as batch 1/);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: /^Import 1 rows$/ }).click();
    await page.getByRole('button', { name: 'Import again' }).click();
    await page.locator('.result .notice.ok').waitFor();
    await page.getByRole('button', { name: 'Undo this import' }).click();
    await page.locator('.result .notice.ok', { hasText: 'was undone' }).waitFor();
    assert.deepEqual(browser.problems, []);
  });
});
