/**
 * Choosing and saving files in browser mode: the import page's "Choose file…" opens the browser's file
 * chooser and the file chosen starts the wizard; the reports page's "Save as…" writes the report and
 * hands it to the browser's download. The desktop app answers the same buttons with native dialogs
 * (files.pickOpen / files.pickSave), which this server refuses: in a browser the page picks and saves
 * by itself. Screenshots at 1280x800 and 800x600, light and dark, go to test/artifacts/.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { kpiw, serve, type Served } from './support/cli';
import { artifacts, scratch } from './support/scratch';
import { launch } from './support/chromium';

const DEALS = [
  'Deal ID,Owner,Stage,Amount,Created Date,Close Date',
  'D-1,Ann,Closed Won,1200,2024-01-03,2024-02-10',
  'D-2,Bob,Closed Lost,800,2024-01-05,2024-03-01',
  'D-3,Ann,Prospecting,500,2024-02-01,',
].join('\n');
const LEADS = ['Lead ID,Created Date,Lead Source,Lead Owner', 'L-1,2024-01-04,Web,Ann', 'L-2,2024-02-11,Referral,Bob'].join('\n');

describe('browser mode: choosing a file to import and saving the report', { timeout: 300_000 }, () => {
  const dir = scratch('files');
  const { opened } = dir;
  let server: Served;

  const shots = async (page: Page, name: string) => {
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(artifacts, `files-${name}-${width}x${height}.png`) });
    }
  };

  before(async () => {
    const deals = join(dir.tmp, 'deals.csv');
    writeFileSync(deals, DEALS);
    writeFileSync(join(dir.tmp, 'leads.csv'), LEADS);
    const book = join(dir.tmp, 'files.kpiw');
    kpiw(['import', deals, '--into', book, '--as-of', '2024-03-31'], dir.dataDir);
    server = await serve(book, dir.dataDir);
    opened.push(server);
  });

  it('"Choose file…" opens the browser\'s file chooser; the file chosen is read into the wizard', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const browser = await launch(scheme);
      opened.push(browser);
      const { page } = browser;
      await page.goto(server.url);
      await page.click('nav a[href="#/import"]');
      const choose = page.getByRole('button', { name: 'Choose file…' });
      await choose.waitFor();
      await shots(page, `import-${scheme}`);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), choose.click()]);
      assert.equal(chooser.isMultiple(), false);
      await chooser.setFiles(join(dir.tmp, 'leads.csv'));
      await page.locator('table.mapping').waitFor();
      const mapping = await page.locator('table.mapping').innerText();
      assert.match(mapping, /Lead Source/);
      assert.match(await page.locator('section.import').innerText(), /leads\.csv/);
      await shots(page, `import-chosen-${scheme}`);
      assert.deepEqual(browser.problems, []);
    }
  });

  it('"Save as…" writes the report and hands it to the browser as a download', async () => {
    const browser = await launch('light');
    opened.push(browser);
    const { page } = browser;
    await page.goto(server.url);
    await page.click('nav a[href="#/reports"]');
    const save = page.getByRole('button', { name: 'Save as…' });
    await save.waitFor();
    await shots(page, 'reports');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), save.click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const file = join(dir.tmp, 'saved.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    assert.equal(wb.worksheets[0]?.name, 'Summary');
    assert.ok(wb.getWorksheet('Data Deals'), wb.worksheets.map((w) => w.name).join(', '));
    // The link stays, for a browser that held the download back.
    await page.locator('a.download').waitFor();
    await shots(page, 'reports-saved');
    assert.deepEqual(browser.problems, []);
  });

  it('the server has no native dialogs to offer: files.pickOpen and files.pickSave are refused in words', async () => {
    const url = new URL(server.url);
    const token = url.searchParams.get('token') ?? '';
    for (const [name, input] of [
      ['files.pickOpen', { purpose: 'import' }],
      ['files.pickSave', { purpose: 'export' }],
    ] as const) {
      const res = await fetch(new URL(`/api/${name}`, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-KPIW-Token': token },
        body: JSON.stringify(input),
      });
      const a = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
      assert.equal(a.ok, false, name);
      assert.equal(a.error?.code, 'invalid_input', name);
      assert.match(a.error?.message ?? '', /^Only the desktop app has file dialogs/, name);
    }
  });
});
