/**
 * The forecast and the cohort heat map as a person meets them in browser mode, on the sample company:
 * the dashboard's forecast for the three quarters after the one shown, with the figures `kpiw metrics`
 * gives those quarters, and MRR's dashed projection; the heat map of quarterly cohorts with the cells
 * `kpiw cohorts` gives, switched to revenue, to absolute figures and to months; a stage probability
 * changed in Settings moving the forecast at once, and a stage left without one named in a warning;
 * an open stage's probability and category set on the import wizard's Values step.
 * Screenshots in light and dark go to test/artifacts/.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatShort, formatValue } from '../../shared/format';
import { forecastIds } from '../../shared/metrics/forecast';
import type { Cohorts } from '../../shared/metrics/cohorts';
import { kpiw, serve, type Served } from './support/cli';
import { artifacts, scratch } from './support/scratch';
import { canvasIsDrawn, launch, type Browser } from './support/chromium';

const eur = { locale: 'en-US', currency: 'EUR' };

describe('browser mode: the forecast and the cohort heat map', { timeout: 300_000 }, () => {
  const dir = scratch('revenue');
  const { opened } = dir;
  let book: string;
  let server: Served;

  before(async () => {
    book = join(dir.tmp, 'sample.kpiw');
    kpiw(['demo', '--out', book], dir.dataDir);
    // One server for every step: a second one would open the workbook read-only, as the first holds it.
    server = await serve(book, dir.dataDir);
    opened.push(server);
  });

  /** The forecast KPIs of a period as `kpiw metrics --json` gives them. */
  const cliForecast = (period: string): number[] => {
    const res = JSON.parse(kpiw(['metrics', book, '--period', period, '--json'], dir.dataDir)) as { metrics: { id: string; value: number }[] };
    return forecastIds.map((id) => res.metrics.find((m) => m.id === id)!.value);
  };
  const tableRows = (browser: Browser) =>
    browser.page.locator('table.forecast-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));

  it("shows the next three quarters' forecast and MRR's projection, as kpiw metrics gives them, in light and dark", async () => {
    const expected = ['2026-Q4', '2027-Q1', '2027-Q2'].map((p, i) => [
      ['Q4 2026', 'Q1 2027', 'Q2 2027'][i]!,
      ...cliForecast(p).map((v) => formatValue(v, 'currency', eur)),
    ]);
    for (const scheme of ['light', 'dark'] as const) {
      const browser = await launch(scheme);
      opened.push(browser);
      await browser.page.setViewportSize({ width: 1280, height: 800 });
      await browser.page.goto(server.url);
      const section = browser.page.locator('section[aria-labelledby="area-forecast"]');
      await section.locator('table.forecast-table tbody tr').first().waitFor();
      assert.equal(await section.locator('h2').innerText(), 'Forecast: Q4 2026 – Q2 2027');
      assert.deepEqual(await tableRows(browser), expected);
      const canvases = section.locator('canvas');
      assert.equal(await canvases.count(), 2);
      for (const where of ['.forecast-grid > div > figure', '.forecast-grid > figure']) assert.ok(await canvasIsDrawn(browser.page, `${where} canvas`), where);
      // The projection is its own dashed series, named as one, over periods named as projected.
      const mrr = await section.locator('figure').nth(1).locator('canvas').getAttribute('aria-label');
      assert.match(mrr ?? '', /^MRR, and a projection of the next three periods\. MRR \(actual\): /);
      assert.match(mrr ?? '', /Projection: base: .*Q4 2026 \(projected\) €[\d,]+/);
      assert.match(mrr ?? '', /MRR \(actual\): [^;]*Q3 2026 €[\d,]+, Q4 2026 \(projected\) —/);
      assert.equal(await section.locator('.notice.warn').count(), 0, 'every stage of the sample has a probability and a category');
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(artifacts, `forecast-sample-${scheme}.png`) });
      assert.deepEqual(browser.problems, []);
    }
  });

  it('draws the cohort heat map as kpiw cohorts gives it, as percentages or figures, by quarter or month', async () => {
    const quarters = JSON.parse(kpiw(['cohorts', book, '--by', 'quarter', '--json'], dir.dataDir)) as Cohorts;
    const months = JSON.parse(kpiw(['cohorts', book, '--by', 'month', '--json'], dir.dataDir)) as Cohorts;
    for (const scheme of ['light', 'dark'] as const) {
      const browser = await launch(scheme);
      opened.push(browser);
      const { page } = browser;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(server.url);
      const section = page.locator('section[aria-labelledby="area-cohorts"]');
      const grid = section.locator('table.cohort-grid');
      await grid.locator('tbody tr').first().waitFor();
      const cells = () => grid.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
      const pct = (v: number | null) => formatValue(v, 'ratio', eur);
      const rows = await cells();
      assert.equal(rows.length, quarters.cohorts.length + 1);
      assert.deepEqual(rows[0], ['Average', '', ...quarters.average.logo_retention.map(pct)]);
      quarters.cohorts.forEach((c, i) => assert.deepEqual(rows[i + 1], [c.cohort, String(c.size), ...c.logo_retention.map(pct)], c.cohort));
      // Shaded by share: a full cohort the darkest step, the average row too.
      assert.equal(await grid.locator('tbody tr').nth(quarters.cohorts.length).locator('td').nth(1).getAttribute('class'), 'num heat heat-10');
      if (scheme === 'light') {
        await section.scrollIntoViewIfNeeded();
        await section.screenshot({ path: join(artifacts, 'cohorts-heatmap-light.png') });
        await section.getByLabel('Retention of').selectOption('revenue');
        await section.getByLabel('Show').selectOption('absolute');
        const money = await cells();
        const last = quarters.cohorts.at(-1)!;
        assert.deepEqual(money.at(-1), [last.cohort, formatShort(last.mrr[0]!, 'currency', eur), formatShort(last.mrr[0]!, 'currency', eur)]);
        // Above 100% (a cohort paying more than at first) is shaded apart.
        assert.ok((await grid.locator('td.heat-over').count()) > 0);
        await section.screenshot({ path: join(artifacts, 'cohorts-heatmap-revenue-absolute.png') });
        await section.getByLabel('Show').selectOption('percent');
        await section.getByLabel('Cohorts by').selectOption('month');
        await grid.locator('tbody tr').nth(months.cohorts.length).waitFor();
        const byMonth = await cells();
        const september = months.cohorts.at(-1)!;
        assert.deepEqual(byMonth.at(-1), [september.cohort, formatShort(september.mrr[0]!, 'currency', eur), ...september.revenue_retention.map(pct)]);
      } else {
        await section.scrollIntoViewIfNeeded();
        await section.screenshot({ path: join(artifacts, 'cohorts-heatmap-dark.png') });
      }
      assert.deepEqual(browser.problems, []);
    }
  });

  it('moves the forecast at once when a stage probability is changed in Settings, and names a stage left without one', async () => {
    const browser = await launch();
    opened.push(browser);
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}#/settings`);
    const table = page.locator('table.stage-settings');
    await table.locator('tbody tr').first().waitFor();
    const labels = await table.locator('tbody th').allInnerTexts();
    assert.ok(labels.includes('Contract Sent') && labels.includes('Qualified To Buy'), labels.join(', '));
    await page.getByLabel('Probability of Contract Sent, percent').fill('50');
    await page.getByLabel('Probability of Qualified To Buy, percent').fill('');
    // One primary button on the page, Save settings; the stages' own Save is secondary.
    const primaries = await page.locator('section.settings button:not(.secondary):not(.icon)').allInnerTexts();
    assert.deepEqual(
      primaries.map((t) => t.trim()),
      ['Save settings'],
    );
    await page.getByRole('button', { name: 'Save stages' }).click();
    await page.locator('.stage-settings-form .notice.ok').waitFor();
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'stage-settings.png') });

    // The server saved the settings: the CLI reads the figures from the file, the dashboard from the server.
    const expected = ['2026-Q4', '2027-Q1', '2027-Q2'].map((p, i) => [
      ['Q4 2026', 'Q1 2027', 'Q2 2027'][i]!,
      ...cliForecast(p).map((v) => formatValue(v, 'currency', eur)),
    ]);
    await page.goto(`${server.url}#/dashboard`);
    const section = page.locator('section[aria-labelledby="area-forecast"]');
    await section.locator('table.forecast-table tbody tr').first().waitFor();
    assert.deepEqual(await tableRows(browser), expected);
    const warning = await section.locator('.notice.warn').innerText();
    assert.match(
      warning,
      /^Open deals at stage "Qualified To Buy" \(\d+ deals?\) have no probability: they count at 0% until one is set for the stage in Settings\.$/,
    );
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(artifacts, 'forecast-unset-stage.png') });
    assert.deepEqual(browser.problems, []);
  });

  it("sets an open stage's probability and forecast category on the import wizard's Values step, saved as Settings shows them", async () => {
    const browser = await launch();
    opened.push(browser);
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}#/import`);
    await page.locator('section.page.import').waitFor();
    const csv = [
      'Deal ID,Deal Stage,Amount,Create Date,Close Date',
      'N-1,Demo Booked,1000,2026-09-01,2026-11-15',
      'N-2,Closed Won,500,2026-08-01,2026-09-20',
    ].join('\n');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'new-stage.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, csv);
    await page.locator('table.mapping', { hasText: 'Deal Stage' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    const values = page.locator('table.values[data-field="status"]');
    await values.waitFor();
    // A label no tool writes is read by the user; only an open one has a forecast reading.
    await page.getByLabel('Status for Demo Booked').selectOption('open');
    assert.equal(await page.getByLabel('Probability of Closed Won, percent').count(), 0);
    const probability = page.getByLabel('Probability of Demo Booked, percent');
    await probability.fill('30');
    await probability.press('Tab');
    await page.getByLabel('Forecast category of Demo Booked').selectOption('best_case');
    await values.screenshot({ path: join(artifacts, 'import-values-forecast.png') });

    await page.goto(`${server.url}#/settings`);
    await page.getByLabel('Probability of Demo Booked, percent').waitFor();
    assert.equal(await page.getByLabel('Probability of Demo Booked, percent').inputValue(), '30');
    assert.equal(await page.getByLabel('Forecast category of Demo Booked').inputValue(), 'best_case');
    assert.deepEqual(browser.problems, []);
  });
});
