/**
 * The pipeline bridge as a person meets it in browser mode: three quarterly exports of a small CRM,
 * the dashboard's waterfall for 2025-Q2 with the figures `kpiw movements` prints, a bar clicked to the
 * deals behind it, a step's button to its deals, and the stage matrix in the pipeline KPI's panel; the
 * sample company's bridge in light and dark. Screenshots go to test/artifacts/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDelta, formatValue } from '../../shared/format';
import type { Movements } from '../../shared/metrics/movements';
import { Q1_EXPORT, Q2_EXPORT, Q3_EXPORT } from '../fixtures/pipeline-exports';
import { kpiw, serve } from './support/cli';
import { artifacts, scratch } from './support/scratch';
import { canvasIsDrawn, launch } from './support/chromium';

const usd = { locale: 'en-US', currency: 'USD' };

describe('browser mode: the pipeline bridge', { timeout: 300_000 }, () => {
  const dir = scratch('bridge');
  const { opened } = dir;

  it("draws the quarter's waterfall, opens the deals behind a bar and a step, and shows the stage matrix", async () => {
    const book = join(dir.tmp, 'crm.kpiw');
    const exports: [string[], string[]][] = [
      [Q1_EXPORT, ['--as-of', '2025-03-31']],
      [Q2_EXPORT, ['--as-of', '2025-06-30', '--missing', 'delete']],
      [Q3_EXPORT, ['--as-of', '2025-09-30']],
    ];
    exports.forEach(([lines, options], i) => {
      const csv = join(dir.tmp, `deals-${i + 1}.csv`);
      writeFileSync(csv, lines.join('\n'));
      kpiw(['import', csv, '--into', book, ...options], dir.dataDir);
    });
    const cli = JSON.parse(kpiw(['movements', book, '--period', '2025-Q2', '--of', 'pipeline', '--json'], dir.dataDir)) as Movements;

    const server = await serve(book, dir.dataDir);
    const browser = await launch();
    opened.push(server, browser);
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}#/dashboard?period=2025-Q2`);
    const section = page.locator('section[aria-labelledby="area-bridge"]');
    await section.locator('canvas').waitFor();
    assert.ok(await canvasIsDrawn(page, 'section[aria-labelledby="area-bridge"] canvas'), 'the waterfall is drawn');
    assert.equal(
      await section.locator('figcaption').innerText(),
      `Open pipeline: ${formatValue(cli.start, 'currency', usd)} on 2025-03-31 to ${formatValue(cli.end, 'currency', usd)} on 2025-06-30 (Q2 2025)`,
    );
    const buttons = await section.locator('.bridge-steps button').allInnerTexts();
    assert.deepEqual(
      buttons,
      ['Created', 'Increased', 'Decreased', 'Won', 'Lost', 'Removed'].map((label, i) => `${label} ${formatDelta(cli.steps[i]!.value, 'currency', usd)}`),
    );
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(artifacts, 'pipeline-bridge.png') });

    // The seventh of eight columns is Removed: a click anywhere in it picks the step.
    const canvas = section.locator('canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * (0.1 + (6.5 * 0.89) / 8), y: box.height / 2 } });
    const panel = page.locator('dialog[aria-labelledby="step-panel-title"]');
    await panel.locator('table.data tbody tr').first().waitFor();
    assert.equal(await panel.locator('h2').innerText(), `Removed in Q2 2025: ${formatDelta(-4_000, 'currency', usd)}`);
    const cells = async () =>
      panel.locator('table.data tbody tr').evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll('td:not(.row-action)'))
            .slice(0, 6)
            .map((td) => td.textContent),
        ),
      );
    assert.deepEqual(await cells(), [['D4', '-4000', 'Qualification', '(none)', '4000', '']]);
    await page.screenshot({ path: join(artifacts, 'pipeline-bridge-removed.png') });
    // The removed deal's history: the one version the first export wrote, ended by the complete export.
    await panel.getByRole('button', { name: 'History of D4' }).click();
    const history = page.locator('dialog.record-history');
    await history.locator('.history-versions li').first().waitFor();
    assert.match(await history.locator('.history-versions li').first().innerText(), /^2025-03-31 – 2025-06-30 · batch 1 · first version/);
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
    assert.ok(await panel.isVisible(), 'Escape closes the history only');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await section.getByRole('button', { name: /^Won / }).click();
    await panel.locator('table.data tbody tr').first().waitFor();
    assert.deepEqual(
      (await cells()).map((r) => r.slice(0, 2)),
      [
        ['D2', '-2500'],
        ['D8', '-800'],
        ['D0', '-700'],
      ],
    );
    await page.screenshot({ path: join(artifacts, 'pipeline-bridge-won.png') });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await page.locator('.kpi-card[data-kpi="pipeline_value"]').click();
    const matrix = page.locator('dialog.kpi-panel table.stage-matrix');
    await matrix.waitFor();
    const grid = await matrix.evaluate((t) => Array.from(t.querySelectorAll('tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    assert.deepEqual(grid, [
      ['Stage on 2025-03-31 ↓, on 2025-06-30 →', '(none)', 'Proposal', 'Qualification', 'Closed Won', 'Closed Lost'],
      ['(none)', '', '', '1', '1', ''],
      ['Negotiation', '', '', '', '', '1'],
      ['Proposal', '', '1', '', '2', ''],
      ['Qualification', '1', '1', '1', '', ''],
    ]);
    await matrix.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'pipeline-stage-matrix.png') });
    assert.deepEqual(browser.problems, []);
  });

  it("draws the sample company's bridge in light and dark", async () => {
    const book = join(dir.tmp, 'sample.kpiw');
    kpiw(['demo', '--out', book], dir.dataDir);
    const server = await serve(book, dir.dataDir);
    opened.push(server);
    for (const scheme of ['light', 'dark'] as const) {
      const browser = await launch(scheme);
      opened.push(browser);
      await browser.page.setViewportSize({ width: 1280, height: 800 });
      await browser.page.goto(server.url);
      const section = browser.page.locator('section[aria-labelledby="area-bridge"]');
      await section.locator('canvas').waitFor();
      assert.ok(await canvasIsDrawn(browser.page, 'section[aria-labelledby="area-bridge"] canvas'));
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(artifacts, `pipeline-bridge-sample-${scheme}.png`) });
      assert.deepEqual(browser.problems, []);
    }
  });
});
