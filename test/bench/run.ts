/**
 * `npm run bench`: the figures users feel at scale, each against a native anchor measured
 * in the same run on the same files, written to test/bench/results.json and printed as a table.
 *
 *   npm run bench                  1,000,000 CSV deals (imported, then re-imported with 10% changed),
 *                                  100,000 XLSX deals, 3 runs per figure
 *   npm run bench -- --quick       50,000 / 5,000 rows, 1 run: a smoke test (results in data/)
 *   npm run bench -- --runs 5      more runs per figure
 *
 * Every job runs in its own process (peak RSS from /usr/bin/time), so one figure's memory never
 * counts in another's. Not part of `npm test`; the machine is shared, so read ratios, not seconds.
 */
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { prepareData, dataDir, kpiwBin, repoRoot } from './data';
import { benchHome, freshHome, freshNodeJob, measure, median, nodeJob, runOnce, type Figure } from './measure';
import { browserUnavailable, dashboardNavigation } from './browser';
import { checkTargets, printTable, type Results } from './report';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runsArg = argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : quick ? 1 : 3;
const csvRows = quick ? 50_000 : 1_000_000;
const xlsxRows = quick ? 5_000 : 100_000;
const log = (line: string): void => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const toolVersion = (cmd: string, args: string[]): string | null => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0]!.trim() : null;
};

/**
 * The two exports' days, a quarter end apart, so the dashboard's quarters read the versions each
 * export stood for rather than only the current ones. The sample company's own exports are as of
 * 2026-09-30, so the first import is also an older export imported late.
 */
const firstAsOf = '2026-06-30';
const nextAsOf = '2026-09-30';
/**
 * The quarter the dashboard after the re-import ends at: the same 8 quarters as on the first import's
 * workbook. Deals the next export won keep their expected close dates, some a year past the export's
 * day, and would move the default quarter there.
 */
const nextQuarter = '2026-Q3';

const kpiwEnv = { KPIW_DATA_DIR: benchHome };
const kpiwImport = (file: string, book: string, ...more: string[]) => runOnce(process.execPath, [kpiwBin, 'import', file, '--into', book, ...more], kpiwEnv);

/** A workbook's current records of a dataset, as `kpiw list` counts them. */
function currentCount(book: string, dataset: string): number {
  const r = spawnSync(process.execPath, [kpiwBin, 'list', book, '--json'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...kpiwEnv } });
  if (r.status !== 0) throw new Error(`kpiw list ${book} exited ${r.status}:\n${r.stderr}`);
  const listed = (JSON.parse(r.stdout) as { datasets: { name: string; rows: number }[] }).datasets.find((d) => d.name === dataset);
  if (!listed) throw new Error(`kpiw list ${book} has no ${dataset}`);
  return listed.rows;
}

/** A workbook file's size as a row of the table: nothing timed. */
const fileFigure = (bytes: number): Figure => ({ seconds: Number.NaN, maxRssMb: Number.NaN, cpu: Number.NaN, samples: [], extra: {}, bytes });

/** Fails the figure when what was measured did not do what it claims: a time for a wrong result means nothing. */
function expect(what: string, actual: Record<string, unknown>, wanted: Record<string, number>): void {
  const wrong = Object.entries(wanted).filter(([k, v]) => actual[k] !== v);
  if (wrong.length) throw new Error(`${what}: ${wrong.map(([k, v]) => `${k} ${String(actual[k])}, expected ${v}`).join('; ')}`);
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const load = [loadavg()[0]!];
  const data = await prepareData(csvRows, xlsxRows, log);
  const figures: Record<string, Figure> = {};
  const notes: string[] = [];
  // A figure that fails (another part of the app broken mid-change) is reported and the run goes on.
  const take = (name: string, what: string, f: () => Figure): void => {
    log(`${what} (${runs} run${runs === 1 ? '' : 's'})`);
    try {
      figures[name] = f();
      log(`  ${figures[name].seconds.toFixed(3)} s, peak ${figures[name].maxRssMb.toFixed(0)} MB`);
    } catch (e) {
      const first = String((e as Error).message)
        .split('\n')
        .slice(0, 6)
        .join(' ')
        .slice(0, 600);
      notes.push(`${name} not measured: ${first}`);
      log(`  FAILED: ${first}`);
    }
  };

  /**
   * The dashboard's computation warm, and (`coldName`) the first time after opening: every KPI read
   * from the rollups the imports kept, nothing rescanned. A process has one first time, so that one
   * is the median over the runs' processes.
   */
  const dashboard = (name: string, coldName: string, book: string, what: string, period?: string): void => {
    take(name, `every KPI x 8 quarters with previous-quarter comparison, warm, ${what}`, () =>
      measure(runs, () => nodeJob('metrics', book, String(Math.max(3, runs)), ...(period === undefined ? [] : [period]))),
    );
    const colds = (figures[name]?.samples ?? []).map((x) => x.extra.cold).filter((c): c is number => typeof c === 'number');
    if (colds.length) figures[coldName] = { seconds: median(colds), maxRssMb: Number.NaN, cpu: Number.NaN, samples: [], extra: { runs: colds } };
  };

  const big = join(dataDir, `sample-plus-${csvRows}-deals.kpiw`);
  take('csv_import', `kpiw import of ${csvRows.toLocaleString('en-US')} CSV deals into the sample company`, () =>
    measure(
      runs,
      () => {
        const s = kpiwImport(data.csv, big, '--as-of', firstAsOf, '--json');
        expect('import', s.extra, { rejected: 0, added: csvRows, changed: 0 });
        return { ...s, extra: { added: s.extra.added, bytes: statSync(big).size } };
      },
      () => copyFileSync(data.demo, big),
    ),
  );
  take('cli_startup', 'kpiw list of the sample company (the CLI start-up inside every kpiw figure)', () =>
    measure(runs, () => runOnce(process.execPath, [kpiwBin, 'list', data.demo], kpiwEnv)),
  );
  const stagesBook = join(dataDir, 'stages.kpiw');
  take('csv_import_stages', 'the same import in one process, stage by stage', () =>
    measure(
      1,
      () => nodeJob('stages', data.csv, stagesBook, firstAsOf),
      () => copyFileSync(data.demo, stagesBook),
    ),
  );
  const sqliteDb = join(dataDir, 'anchor-sqlite3.db');
  take('anchor_sqlite3_import', 'sqlite3 CLI .import of the same CSV', () =>
    measure(
      runs,
      () => runOnce('sqlite3', [sqliteDb, `.import --csv ${data.csv} deals`]),
      () => rmSync(sqliteDb, { force: true }),
    ),
  );
  take('anchor_duckdb_read_csv', 'DuckDB read_csv of the same CSV', () => measure(runs, () => nodeJob('duckdb', data.csv, join(dataDir, 'anchor.duckdb'))));
  take('anchor_papaparse_sqljs', 'papaparse stream + one sql.js INSERT per row + export, the same CSV', () =>
    measure(runs, () => {
      const s = nodeJob('papaparse', data.csv, join(dataDir, 'anchor-papaparse.sqlite'));
      expect('papaparse anchor', s.extra, { rows: csvRows });
      return s;
    }),
  );

  // The next export of the same deals into the workbook the first import made, each run on a fresh copy of it.
  const reBook = join(dataDir, `reimport-${csvRows}.kpiw`);
  if (figures.csv_import) {
    take(
      'csv_reimport',
      `kpiw import of the same ${csvRows.toLocaleString('en-US')} deals, ${data.changedRows.toLocaleString('en-US')} changed, into that workbook`,
      () => {
        const sampleDeals = currentCount(data.demo, 'deals');
        return measure(
          runs,
          () => {
            const s = kpiwImport(data.changedCsv, reBook, '--as-of', nextAsOf, '--json');
            const r = s.extra;
            // The file lacks only the sample company's own deals; every one of its own is still current, once.
            expect('re-import', r, { rejected: 0, added: 0, changed: data.changedRows, unchanged: csvRows - data.changedRows, missing_from_file: sampleDeals });
            expect('re-imported workbook', { current_deals: currentCount(reBook, 'deals') }, { current_deals: sampleDeals + csvRows });
            return {
              ...s,
              extra: { added: r.added, changed: r.changed, unchanged: r.unchanged, missing_from_file: r.missing_from_file, bytes: statSync(reBook).size },
            };
          },
          () => copyFileSync(big, reBook),
        );
      },
    );
    // History must not cost a second copy of the table: the file after a 10%-changed export against the file before it.
    const before = figures.csv_import.extra.bytes;
    const after = figures.csv_reimport?.extra.bytes;
    if (typeof before === 'number' && typeof after === 'number') {
      figures.file_import = fileFigure(before);
      figures.file_reimport = fileFigure(after);
    }
    // Before the stage-by-stage run below replaces it, the last run's workbook: two dated exports of the same deals.
    if (figures.csv_reimport) dashboard('dashboard_reimport', 'dashboard_reimport_cold', reBook, 'after the re-import', nextQuarter);
    take('csv_reimport_stages', 'the same re-import in one process, stage by stage', () =>
      measure(
        1,
        () => {
          const s = nodeJob('reimport_stages', data.changedCsv, reBook, String(csvRows), nextAsOf);
          const changed = data.changedRows;
          expect('re-import stages', s.extra, { changed, matchedChanged: changed, matchedUnchanged: csvRows - changed, ended: changed });
          return s;
        },
        () => copyFileSync(big, reBook),
      ),
    );
  } else notes.push('CSV re-import skipped: the first import failed');

  const xbook = join(dataDir, `sample-plus-${xlsxRows}-xlsx-deals.kpiw`);
  take('xlsx_import', `kpiw import of ${xlsxRows.toLocaleString('en-US')} XLSX deals into the sample company`, () =>
    measure(
      runs,
      () => kpiwImport(data.xlsx, xbook),
      () => copyFileSync(data.demo, xbook),
    ),
  );
  take('anchor_exceljs_read', 'exceljs streaming WorkbookReader over the same XLSX', () => measure(runs, () => nodeJob('exceljs', data.xlsx)));

  // Without a successful import the large workbook is only the sample company: its figures would mislead.
  const bigReady = figures.csv_import !== undefined;
  if (!bigReady) notes.push('open, dashboard and browser figures on the large workbook skipped: the CSV import failed');
  if (bigReady) take('open', `opening the workbook with ${csvRows.toLocaleString('en-US')} more deals`, () => measure(runs, () => nodeJob('open', big)));
  // A copy that came from elsewhere (another machine, a backup): its pages are all walked before use.
  if (bigReady)
    take('open_first', `opening the same workbook, never seen by this app before`, () =>
      measure(
        runs,
        () => freshNodeJob('open', big),
        () => rmSync(freshHome, { recursive: true, force: true }),
      ),
    );
  if (bigReady) dashboard('dashboard_compute', 'dashboard_cold', big, 'on the first import');
  // What a person (or a script) waits for from the command line: start, open, KPIs from the kept rollups, print.
  if (bigReady)
    take('cli_metrics', `kpiw metrics on the workbook with ${csvRows.toLocaleString('en-US')} more deals`, () =>
      measure(runs, () => runOnce(process.execPath, [kpiwBin, 'metrics', big], kpiwEnv)),
    );
  take('report', "the sample company's quarterly report", () => measure(runs, () => nodeJob('report', data.demo, join(dataDir, 'report.xlsx'))));
  take('insert_fast', `RowInserter (fast path), ${csvRows.toLocaleString('en-US')} rows, insert + commit only`, () =>
    measure(1, () => nodeJob('insert', String(csvRows), 'fast')),
  );
  take('insert_sqljs', `sql.js Statement.run per row, ${csvRows.toLocaleString('en-US')} rows, insert + commit only`, () =>
    measure(1, () => nodeJob('insert', String(csvRows), 'sqljs')),
  );

  const noBrowser = browserUnavailable();
  if (noBrowser) notes.push(`browser-mode dashboard not measured: ${noBrowser}`);
  else {
    const books = [
      ['browser_dashboard', big, `with ${csvRows.toLocaleString('en-US')} more deals`],
      ['browser_dashboard_sample', data.demo, 'of the sample company'],
    ] as const;
    for (const [name, book, what] of books.filter(([n]) => bigReady || n !== 'browser_dashboard')) {
      log(`browser-mode dashboard ${what} (${runs} navigations after a first one)`);
      try {
        const f = await dashboardNavigation(book, runs);
        figures[name] = f;
        log(`  first ${f.firstSeconds.toFixed(3)} s, then ${f.seconds.toFixed(3)} s`);
      } catch (e) {
        notes.push(`${name} not measured: ${String((e as Error).message).slice(0, 600)}`);
      }
    }
  }
  load.push(loadavg()[0]!);

  const results: Results = {
    started,
    finished: new Date().toISOString(),
    quick,
    runsPerFigure: runs,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      freeMemoryGbAtEnd: Math.round(freemem() / 2 ** 30),
      loadAverage1mStartEnd: load.map((l) => Math.round(l * 10) / 10),
    },
    versions: {
      node: process.version,
      'sql.js': versionOf('sql.js'),
      exceljs: versionOf('exceljs'),
      '@duckdb/node-api': versionOf('@duckdb/node-api'),
      'playwright-core': versionOf('playwright-core'),
      sqlite3: toolVersion('sqlite3', ['--version'])?.split(' ')[0] ?? null,
      chromium: toolVersion(process.env.KPIW_CHROMIUM ?? '/usr/bin/chromium', ['--version']),
    },
    data: { csv: { rows: data.csvRows, bytes: data.csvBytes }, xlsx: { rows: data.xlsxRows, bytes: data.xlsxBytes } },
    figures,
    targets: [],
    notes,
  };
  results.targets = checkTargets(results);
  const out = quick ? join(dataDir, 'results-quick.json') : join(repoRoot, 'test', 'bench', 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(printTable(results));
  console.log(`\nwritten to ${out}`);
}

await main();
