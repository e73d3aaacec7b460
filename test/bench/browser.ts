/**
 * Browser mode: `kpiw serve BOOK` in the background, Debian's Chromium through playwright-core, and
 * the time from navigation to a dashboard showing every KPI card of the catalogue.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../../shared/metrics/index';
import { serve } from '../e2e/support/cli';
import { launch } from '../e2e/support/chromium';
import { dataDir, repoRoot } from './data';
import type { Figure, Sample } from './measure';

/** Why the figure cannot be taken, or null when it can. */
export function browserUnavailable(): string | null {
  if (!existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) return 'the renderer is not built (dist/renderer); run `npm run build` first';
  if (!existsSync(process.env.KPIW_CHROMIUM ?? '/usr/bin/chromium')) return 'no Chromium at /usr/bin/chromium (set KPIW_CHROMIUM)';
  return null;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** The first navigation (the server computes cold) and then `runs` fresh navigations; median of those. */
export async function dashboardNavigation(book: string, runs: number): Promise<Figure & { firstSeconds: number }> {
  const server = await serve(book, join(dataDir, 'kpiw-home'));
  const browser = await launch();
  try {
    const cards = catalogue.length;
    const navigate = async (): Promise<number> => {
      await browser.page.goto('about:blank');
      const t0 = performance.now();
      await browser.page.goto(server.url);
      await browser.page.waitForFunction((n) => document.querySelectorAll('.kpi-card').length >= n, cards, { timeout: 120_000 });
      return (performance.now() - t0) / 1000;
    };
    const firstSeconds = await navigate();
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      const s = await navigate();
      samples.push({ wall: s, seconds: s, maxRssMb: NaN, cpu: NaN, extra: {} });
    }
    if (browser.problems.length) throw new Error(`the dashboard had errors: ${browser.problems.join('; ')}`);
    return { seconds: median(samples.map((s) => s.seconds)), maxRssMb: NaN, cpu: NaN, samples, extra: { cards }, firstSeconds };
  } finally {
    await browser.close();
    await server.stop();
  }
}
