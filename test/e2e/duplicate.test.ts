/**
 * The same file dropped twice on the import wizard, in browser mode: the Check step says in plain
 * words that it was imported before (which batch, which day) and what importing it again would do,
 * with one primary action. Without IDs its rows would be added a second time, so Don't import is the
 * primary action and Import again anyway the secondary one; with IDs nothing would change. Every step
 * of the wizard has exactly one primary button (the others carry class="secondary"), and no command
 * line flag is ever named. Screenshots to test/artifacts/duplicate-*.png, light and dark.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureRendererBuilt, repoRoot } from './support/build';
import { serve, type Served } from './support/cli';
import { launch, type Browser } from './support/chromium';

const artifacts = join(repoRoot, 'test', 'artifacts');

const withoutIds =
  'Owner,Stage,Amount,Created Date,Close Date\n' +
  Array.from(
    { length: 12 },
    (_, i) => `Owner ${i % 3},${i % 2 ? 'Closed Won' : 'Closed Lost'},${100 * (i + 1)},2024-03-0${1 + (i % 9)},2024-04-0${1 + (i % 9)}`,
  ).join('\n') +
  '\n';
const withIds =
  'Deal ID,Owner,Stage,Amount,Created Date,Close Date\n' +
  Array.from({ length: 5 }, (_, i) => `K-${i + 1},Owner ${i},Closed Won,${1000 * (i + 1)},2024-05-0${i + 1},2024-06-0${i + 1}`).join('\n') +
  '\n';

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.loading, [aria-busy="true"], p.muted[role="status"]') === null);
}

/** The words of the wizard's primary buttons in view: every button or button-like link without class="secondary". */
async function primaries(page: Page): Promise<string[]> {
  await idle(page);
  const texts: string[] = [];
  for (const b of await page.locator('section.import button:not(.secondary):not(.icon), section.import a.button').all()) {
    if (await b.isVisible()) texts.push((await b.innerText()).trim());
  }
  return texts;
}

async function drop(page: Page, name: string, csv: string): Promise<void> {
  await page.click('nav a[href="#/import"]');
  // The wizard stays on an import's result until the user asks for another.
  const another = page.getByRole('button', { name: 'Import another file' });
  if (await another.isVisible()) await another.click();
  await page.locator('section.import .dropzone').waitFor();
  await page.setInputFiles('input[type=file]', { name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('table.mapping').waitFor();
}

/** From the Columns step to the Check step, each step with its one primary action, Next. */
async function toCheck(page: Page): Promise<void> {
  while ((await page.locator('.record-counts').count()) === 0) {
    assert.deepEqual(await primaries(page), ['Next']);
    await page.getByRole('button', { name: 'Next' }).click();
    await idle(page);
  }
  await page.locator('.record-counts').waitFor();
  await idle(page);
}

describe('browser mode: the same file imported twice, said in plain words with one primary action per step', { timeout: 600_000 }, () => {
  let tmp: string;
  let browser: Browser;
  let server: Served | null = null;
  const shots = async (name: string, page = browser.page) => {
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(artifacts, `duplicate-${name}-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  before(async () => {
    ensureRendererBuilt();
    mkdirSync(artifacts, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'kpiw-duplicate-'));
    const dataDir = join(tmp, 'data');
    mkdirSync(dataDir);
    server = await serve(join(tmp, 'Acme.kpiw'), dataDir);
    browser = await launch();
    await browser.page.setViewportSize({ width: 1280, height: 800 });
    await browser.page.goto(server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('imports a file without IDs once, one primary button on every step', async () => {
    const { page } = browser;
    await page.click('nav a[href="#/import"]');
    await page.locator('section.import .dropzone').waitFor();
    assert.deepEqual(await primaries(page), ['Choose file…']);
    await drop(page, 'deals.csv', withoutIds);
    await toCheck(page);
    assert.equal(
      await page.locator('.identity-warning').innerText(),
      'This file has no Deal ID column, so its rows are added as they are: importing it again would add them again.',
    );
    assert.deepEqual(await primaries(page), ['Import: 12 new rows']);
    await page.getByRole('button', { name: 'Import: 12 new rows' }).click();
    await page.locator('.step-body.result').waitFor();
    assert.equal(await page.locator('.result .notice.ok').innerText(), 'Added 12, changed 0, removed 0 (batch 1).');
    assert.deepEqual(await primaries(page), ['Go to the dashboard']);
  });

  it('says on the Check step that the same file was imported before, and offers not importing it first', async () => {
    const { page } = browser;
    await drop(page, 'deals.csv', withoutIds);
    await toCheck(page);
    const said = await page.locator('.imported-before p').allInnerTexts();
    assert.equal(said.length, 2);
    assert.match(said[0]!, /^You imported this file before: batch 1, on \w+ \d{1,2}, \d{4} \(12 rows\)\.$/);
    assert.equal(
      said[1],
      'Its rows have no Deal ID to match them by, so importing it again would add every one of its 12 rows a second time, and the KPIs would count each twice.',
    );
    assert.deepEqual(await page.locator('[data-count]').allInnerTexts(), ['12 rows to add']);
    assert.deepEqual(await primaries(page), ["Don't import"]);
    assert.deepEqual(await page.locator('section.import .actions button.secondary').allInnerTexts(), ['Back', 'Import again anyway']);
    assert.equal(await page.locator('.notice.error').count(), 0);
    assert.doesNotMatch(await page.locator('section.import').innerText(), /--|again=/);
    await shots('check');

    await page.getByRole('button', { name: "Don't import" }).click();
    assert.equal(await page.locator('section.import .notice.ok').innerText(), 'Nothing imported: the workbook keeps deals.csv as batch 1 has it.');
    assert.deepEqual(await primaries(page), ['Choose file…']);
    await page.click('nav a[href="#/data"]');
    await page.locator('.batches tbody tr').first().waitFor();
    assert.equal(await page.locator('.batches tbody tr').count(), 1);
  });

  it('imports it again only when asked, as a batch of its own', async () => {
    const { page } = browser;
    await drop(page, 'deals.csv', withoutIds);
    await toCheck(page);
    await page.getByRole('button', { name: 'Import again anyway' }).click();
    await page.locator('.step-body.result').waitFor();
    assert.equal(await page.locator('.result .notice.ok').innerText(), 'Added 12, changed 0, removed 0 (batch 2).');
  });

  it('says a file with IDs imported again changes nothing, with one primary action', async () => {
    const { page } = browser;
    await drop(page, 'deals-with-ids.csv', withIds);
    await toCheck(page);
    await page.getByRole('button', { name: 'Import: 5 new' }).click();
    await page.locator('.step-body.result').waitFor();
    await drop(page, 'deals-with-ids.csv', withIds);
    await toCheck(page);
    const said = await page.locator('.imported-before p').allInnerTexts();
    assert.match(said[0]!, /^You imported this file before: batch 3, on \w+ \d{1,2}, \d{4} \(5 rows\)\.$/);
    assert.equal(said[1], 'The workbook has all 5 of its records as this file has them: importing it again would change nothing.');
    assert.deepEqual(await primaries(page), ['Choose another file']);
    await shots('check-with-ids');
    await page.getByRole('button', { name: 'Choose another file' }).click();
    await page.locator('section.import .dropzone').waitFor();
    assert.equal(await page.locator('section.import .notice').count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  it('draws the Check step of a file imported before in dark mode', async () => {
    const dark = await launch('dark');
    try {
      const { page } = dark;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(server!.url);
      await drop(page, 'deals.csv', withoutIds);
      await toCheck(page);
      assert.match(await page.locator('.imported-before').innerText(), /^You imported this file before: batch 2,/);
      await shots('check-dark', page);
      assert.deepEqual(dark.problems, []);
    } finally {
      await dark.close();
    }
  });
});
