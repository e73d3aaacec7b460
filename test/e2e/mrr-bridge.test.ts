/**
 * The MRR bridge as a person meets it in browser mode: two subscriptions exports of a small billing
 * tool (test/fixtures/mrr-exports.ts), the dashboard's waterfall for 2025-Q1 with the figures `kpiw
 * movements --of mrr` prints, a bar clicked to the customers behind it, a step's button to its
 * customers, and a part of a stacked bar to the customers of that period and step; the sample
 * company's bridge and movements in light and dark. Screenshots go to test/artifacts/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatDelta, formatValue } from '../../shared/format';
import type { MrrMovements } from '../../shared/metrics/movements';
import { MRR_Q1_EXPORT, MRR_Q2_EXPORT } from '../fixtures/mrr-exports';
import { kpiw, serve } from './support/cli';
import { artifacts, scratch } from './support/scratch';
import { canvasIsDrawn, launch } from './support/chromium';

const usd = { locale: 'en-US', currency: 'USD' };
const SECTION = 'section[aria-labelledby="area-mrr-bridge"]';
const WATERFALL = `${SECTION} .mrr-bridge > figure:nth-of-type(1) canvas`;
const STACKED = `${SECTION} .mrr-bridge > figure:nth-of-type(2) canvas`;

/**
 * Where on a canvas (in CSS pixels from its corner) a colour is drawn furthest right: the last bar's
 * part of that colour. The colour is the design token's, read from the page.
 */
async function lastPartOf(page: Page, canvas: string, token: string): Promise<{ x: number; y: number } | null> {
  return page.$eval(
    canvas,
    (el, name) => {
      const c = el as HTMLCanvasElement;
      const probe = document.createElement('div');
      probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
      document.body.append(probe);
      const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
      probe.remove();
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const scale = c.width / c.getBoundingClientRect().width;
      for (let x = c.width - 1; x >= 0; x--)
        for (let y = 0; y < c.height; y++) {
          const i = (y * c.width + x) * 4;
          if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 6 && data[i + 3] === 255)
            return { x: x / scale - 3, y: y / scale + 2 };
        }
      return null;
    },
    token,
  );
}

describe('browser mode: the MRR bridge', { timeout: 300_000 }, () => {
  const dir = scratch('mrr');
  const { opened } = dir;

  it("draws the quarter's waterfall and the stacked movements, each opening the customers behind it", async () => {
    const book = join(dir.tmp, 'billing.kpiw');
    for (const [i, [lines, asOf]] of [
      [MRR_Q1_EXPORT, '2025-03-31'],
      [MRR_Q2_EXPORT, '2025-06-30'],
    ].entries()) {
      const csv = join(dir.tmp, `subscriptions-${i + 1}.csv`);
      writeFileSync(csv, (lines as string[]).join('\n'));
      kpiw(['import', csv, '--into', book, '--as', 'subscriptions', '--as-of', asOf as string], dir.dataDir);
    }
    const cli = JSON.parse(kpiw(['movements', book, '--period', '2025-Q1', '--of', 'mrr', '--json'], dir.dataDir)) as MrrMovements;

    const server = await serve(book, dir.dataDir);
    const browser = await launch();
    opened.push(server, browser);
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}#/dashboard?period=2025-Q1`);
    const section = page.locator(SECTION);
    await page.locator(STACKED).waitFor();
    assert.ok(await canvasIsDrawn(page, WATERFALL), 'the waterfall is drawn');
    assert.ok(await canvasIsDrawn(page, STACKED), 'the stacked movements are drawn');
    const captions = await section.locator('figcaption').allInnerTexts();
    assert.deepEqual(captions, [
      `MRR: ${formatValue(cli.start, 'currency', usd)} at the end of 2024-12-31 to ${formatValue(cli.end, 'currency', usd)} at the end of 2025-03-31 (Q1 2025)`,
      'MRR movements, Q2 2023 to Q1 2025: gains above the line, losses below',
    ]);
    assert.deepEqual(
      await section.locator('.bridge-steps button').allInnerTexts(),
      ['New', 'Expansion', 'Reactivation', 'Contraction', 'Churned'].map((label, i) => `${label} ${formatDelta(cli.steps[i]!.value, 'currency', usd)}`),
    );
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(artifacts, 'mrr-bridge.png') });

    const panel = page.locator('dialog[aria-labelledby="step-panel-title"]');
    const cells = async () =>
      panel.locator('table.data tbody tr').evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll('td:not(.row-action)'))
            .slice(0, 7)
            .map((td) => td.textContent),
        ),
      );
    const close = async () => {
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
    };

    // The sixth of seven columns is Churned: a click anywhere in it picks the step.
    const waterfall = page.locator(WATERFALL);
    const box = (await waterfall.boundingBox())!;
    await waterfall.click({ position: { x: box.width * (0.1 + (5.5 * 0.89) / 7), y: box.height / 2 } });
    await panel.locator('table.data tbody tr').first().waitFor();
    assert.equal(await panel.locator('h2').innerText(), `Churned in Q1 2025: ${formatDelta(-390, 'currency', usd)}`);
    assert.deepEqual(await cells(), [
      ['D', '-300', '300', '0', '2025-01-31', 'Basic', 'S-D1'],
      ['H', '-90', '0', '0', '2025-02-20', 'Basic', 'S-H1'],
    ]);
    assert.match(
      await panel.locator('p').first().innerText(),
      /^Churned: customers who stopped paying: their MRR to 0\. Each customer's MRR at the end of 2024-12-31/,
    );
    await page.screenshot({ path: join(artifacts, 'mrr-bridge-churned.png') });
    // The subscription behind D's churn has one version, written by the first export.
    await panel.getByRole('button', { name: 'History of S-D1' }).click();
    const history = page.locator('dialog.record-history');
    await history.locator('.history-versions li').first().waitFor();
    assert.match(await history.locator('.history-versions li').first().innerText(), /^2025-03-31 – now · batch 1 · first version/);
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
    await close();

    // The plan change is one expansion.
    await section.getByRole('button', { name: /^Expansion / }).click();
    await panel.locator('table.data tbody tr').first().waitFor();
    assert.deepEqual(
      (await cells()).map((r) => r.slice(0, 5)),
      [
        ['B', '100', '200', '300', '2025-02-01'],
        ['G', '60', '0', '160', '2025-03-01'],
      ],
    );
    await close();

    // The last stacked bar is Q1 2025: its red part, below the axis, is its churn.
    const part = await lastPartOf(page, STACKED, 'bad');
    assert.ok(part, 'the churned part of the last bar is drawn');
    await page.locator(STACKED).click({ position: part });
    await panel.locator('table.data tbody tr').first().waitFor();
    assert.equal(await panel.locator('h2').innerText(), `Churned in Q1 2025: ${formatDelta(-390, 'currency', usd)}`);
    assert.deepEqual(
      (await cells()).map((r) => r[0]),
      ['D', 'H'],
    );
    await close();
    assert.deepEqual(browser.problems, []);
  });

  it("draws the sample company's MRR bridge and movements in light and dark", async () => {
    const book = join(dir.tmp, 'sample.kpiw');
    kpiw(['demo', '--out', book], dir.dataDir);
    const server = await serve(book, dir.dataDir);
    opened.push(server);
    for (const scheme of ['light', 'dark'] as const) {
      const browser = await launch(scheme);
      opened.push(browser);
      await browser.page.setViewportSize({ width: 1280, height: 800 });
      await browser.page.goto(server.url);
      const section = browser.page.locator(SECTION);
      await browser.page.locator(STACKED).waitFor();
      for (const canvas of [WATERFALL, STACKED]) assert.ok(await canvasIsDrawn(browser.page, canvas), canvas);
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(artifacts, `mrr-bridge-sample-${scheme}.png`) });
      assert.deepEqual(browser.problems, []);
    }
  });
});
