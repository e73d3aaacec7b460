/**
 * A restated figure as a person sees it in browser mode: the 2025-Q3 report published won revenue of
 * $120,400; a newer export won one deal for 2,500 more, so the card shows $122,900 and says what was
 * reported and when, while the win rate, unchanged, says nothing. Screenshots in test/artifacts/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDay } from '../../shared/format';
import { ensureRendererBuilt, repoRoot } from './support/build';
import { kpiw, serve, type Served } from './support/cli';
import { launch, type Browser } from './support/chromium';

const artifacts = join(repoRoot, 'test', 'artifacts');
const HEADER = 'Deal ID,Deal Name,Stage,Amount,Created Date,Close Date,Owner';
const DEALS = [
  'D-1,Acme,Closed Won,50000,2025-06-01,2025-07-10,Anna',
  'D-2,Birch,Closed Won,70400,2025-07-01,2025-08-20,Ben',
  'D-3,Cobalt,Closed Lost,5000,2025-07-15,2025-09-05,Anna',
  'D-4,Dune,Negotiation,8000,2025-08-01,,Ben',
];

describe('browser mode: a restated figure', { timeout: 300_000 }, () => {
  let tmp: string;
  let browser: Browser | undefined;
  let server: Served | undefined;

  before(() => {
    ensureRendererBuilt();
    mkdirSync(artifacts, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'kpiw-e2e-restated-'));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows what the report published beside the figure now', async () => {
    const dataDir = join(tmp, 'data');
    const book = join(tmp, 'sales.kpiw');
    const [first, newer] = [join(tmp, 'deals-2025-09-30.csv'), join(tmp, 'deals-2025-10-15.csv')];
    writeFileSync(first, [HEADER, ...DEALS].join('\n'));
    writeFileSync(newer, [HEADER, ...DEALS.map((l) => l.replace('Birch,Closed Won,70400', 'Birch,Closed Won,72900'))].join('\n'));
    kpiw(['import', first, '--into', book, '--as-of', '2025-09-30'], dataDir);
    kpiw(['report', book, '--period', '2025-Q3', '--out', join(tmp, 'q3.xlsx')], dataDir);
    kpiw(['import', newer, '--into', book, '--as-of', '2025-10-15'], dataDir);
    const won = (
      JSON.parse(kpiw(['metrics', book, '--period', '2025-Q3', '--json'], dataDir)) as { metrics: { id: string; reported?: { at: string } }[] }
    ).metrics.find((m) => m.id === 'won_revenue')!;

    server = await serve(book, dataDir);
    browser = await launch();
    const { page } = browser;
    await page.goto(server.url);
    await page.locator('section.dashboard[aria-busy="false"]').waitFor();
    assert.equal(await page.locator('.period-input').inputValue(), '2025-Q3');
    const card = page.locator('.kpi-card[data-kpi="won_revenue"]');
    assert.equal(await card.locator('.kpi-value').innerText(), '$122,900');
    assert.equal(await card.locator('.kpi-restated').innerText(), `restated: reported $120,400 on ${localDay(won.reported!.at)}`);
    assert.equal(await page.locator('.kpi-card[data-kpi="win_rate"] .kpi-restated').count(), 0);
    assert.equal(await page.locator('.kpi-restated').count(), 3, 'won revenue, average deal size and pipeline velocity');
    await card.screenshot({ path: join(artifacts, 'restated-card.png') });
    await page.screenshot({ path: join(artifacts, 'restated-dashboard.png') });
    assert.deepEqual(browser.problems, []);
  });
});
