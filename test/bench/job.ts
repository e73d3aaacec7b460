/**
 * One measured job, run in its own process by run.ts so that its peak memory is its own:
 *   node --import tsx test/bench/job.ts JOB ARGS...
 * Prints one JSON line: `seconds` (the timed part only, without process start) and extra facts.
 */
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import initSqlJs, { type Statement } from 'sql.js';
import { lastNPeriods } from '../../shared/periods';
import { basename } from 'node:path';
import { closeWorkbook, openWorkbook, saveWorkbook } from '../../main/store/workbook';
import { importFile } from '../../main/import/pipeline';
import { openSource } from '../../main/import/source';
import { readSettings } from '../../main/store/settings';
import { computeMetrics, resolvePeriod } from '../../main/metrics/compute';
import { exportReport } from '../../main/report/export';
import { generateDeals } from '../../main/demo/deals-csv';
import { memoryDatabase } from '../../main/store/memory';
import { beginBatch, endRows, listBatches, RowInserter } from '../../main/store/batches';
import { q } from '../../main/store/schema';
import { storedFields, systemColumns } from '../../shared/datasets/catalog';
import { currentRecords } from '../../main/import/current-records';
import { keepRollups } from '../../main/metrics/keep';
import { detectDataset } from '../../shared/datasets/detect';
import { planColumns } from '../../shared/datasets/columns';
import { writtenFields } from '../../shared/datasets/rows';
import { Matcher, type CurrentRecords, type MatchTotals } from '../../main/import/match';
import { CHANGED_EVERY } from './data';

const since = (t0: number): number => (performance.now() - t0) / 1000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Job = (args: string[]) => Promise<Record<string, unknown>>;

const jobs: Record<string, Job> = {
  /** Opening a saved workbook as the app does: size and header checks, load, quick_check, migrate. */
  async open([book]) {
    const t0 = performance.now();
    const wb = await openWorkbook(book!, { readOnly: true });
    const seconds = since(t0);
    closeWorkbook(wb);
    return { seconds };
  },

  /** The dashboard: every KPI for each of the 8 quarters up to `period` (the default one when not given) against the previous quarter, warm. */
  async metrics([book, runs, period]) {
    const wb = await openWorkbook(book!, { readOnly: true });
    const settings = readSettings(wb.db);
    const quarters = lastNPeriods(resolvePeriod(wb.db, period, settings), 8).map((p) => p.id);
    const pass = (): number => {
      let kpis = 0;
      for (const period of quarters) kpis += computeMetrics(wb.db, { period, compare: 'previous' }, settings).metrics.length;
      return kpis;
    };
    const c0 = performance.now();
    const kpis = pass();
    const cold = since(c0);
    const times: number[] = [];
    for (let i = 0; i < Number(runs ?? 3); i++) {
      const t0 = performance.now();
      pass();
      times.push(since(t0));
    }
    closeWorkbook(wb);
    return { seconds: median(times), cold, runs: times, quarters, kpis };
  },

  /** The quarterly report of a workbook, computed and written (latest quarter). */
  async report([book, out]) {
    const wb = await openWorkbook(book!, { readOnly: true });
    rmSync(out!, { force: true });
    const t0 = performance.now();
    await exportReport(wb.db, out!);
    const seconds = since(t0);
    closeWorkbook(wb);
    return { seconds };
  },

  /**
   * The insert alone: `rows` generated deals written as one batch, by RowInserter (the fast path)
   * or by sql.js's Statement.run per row (what RowInserter did before), commit included.
   */
  async insert([rows, mode]) {
    const deals = generateDeals(Number(rows));
    const db = await memoryDatabase();
    const fields = storedFields('deals').map((f) => f.name);
    const t0 = performance.now();
    db.run('BEGIN');
    const id = beginBatch(
      db,
      { dataset: 'deals', fileName: 'bench', fileSize: 0, fileHash: '', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
      '2026-01-01T00:00:00',
    );
    if (mode === 'fast') {
      const ins = new RowInserter(db, 'deals', id);
      deals.forEach((d, i) => ins.insert(i + 2, d));
      ins.free();
    } else {
      const cols = [systemColumns.batch, systemColumns.row, ...fields].map(q).join(', ');
      const stmt = db.prepare(`INSERT INTO deals (${cols}) VALUES (${fields.map(() => '?').join(', ')}, ?, ?)`);
      const params: (string | number | null)[] = [id, 0, ...fields.map(() => null)];
      deals.forEach((d, i) => {
        params[1] = i + 2;
        fields.forEach((f, k) => (params[k + 2] = d[f] ?? null));
        stmt.run(params);
      });
      stmt.free();
    }
    db.run('COMMIT');
    const seconds = since(t0);
    return { seconds, microsPerRow: (seconds * 1e6) / deals.length };
  },

  /**
   * Where a whole import's time goes, in one process on a copy of the sample company: reading the
   * file alone, reading and normalising (a dry run), the real import (adds the insert), the save;
   * as of `asOf` when given, as the whole import is.
   */
  async stages([file, book, asOf]) {
    const wb = await openWorkbook(book!);
    const fileName = basename(file!);
    let t0 = performance.now();
    const source = await openSource(file!);
    let rows = 0;
    for await (const batch of source.batches()) rows += batch.length;
    const read = since(t0);
    t0 = performance.now();
    const options = asOf === undefined ? {} : { asOf };
    await importFile(wb.db, file!, options, { dryRun: true, fileName });
    const readNormalise = since(t0);
    t0 = performance.now();
    const result = await importFile(wb.db, file!, options, { dryRun: false, fileName });
    const readNormaliseInsert = since(t0);
    wb.dirty = true;
    t0 = performance.now();
    await saveWorkbook(wb);
    const save = since(t0);
    closeWorkbook(wb);
    return {
      seconds: readNormaliseInsert + save,
      rows,
      accepted: result.accepted,
      read,
      normalise: readNormalise - read,
      insert: readNormaliseInsert - readNormalise,
      save,
    };
  },

  /**
   * Where a re-import's time goes, in one process on a copy of the once-imported workbook: opening it;
   * loading the current records' keys; matching the file's deals to them as the worker does (here on
   * their generated values, every CHANGED_EVERY-th with another amount), and for comparison matching
   * them to no records, as a first import does; ending one old version per changed deal (rolled back:
   * in the import it overlaps the worker); then the real import, the rollups kept after it (those of
   * the ended versions are counted here) and the save; as of `asOf` when given, as the whole re-import is.
   */
  async reimport_stages([file, book, rows, asOf]) {
    let t0 = performance.now();
    const wb = await openWorkbook(book!);
    const open = since(t0);

    const source = await openSource(file!);
    const headers = source.info.headers;
    const planned = planColumns('deals', headers, detectDataset(headers).chosen!.mapping, [], { currency: 'USD' }, new Map());
    if (!planned.ok) throw new Error(planned.error);
    t0 = performance.now();
    const records = currentRecords(wb.db, 'deals', writtenFields(planned.plan));
    const keys = since(t0);

    const fields = storedFields('deals').map((f) => f.name);
    const deals = generateDeals(Number(rows));
    const changes = (i: number): boolean => (i + 1) % CHANGED_EVERY === 0;
    const values = deals.flatMap((d, i) => fields.map((f) => (f === 'amount' && changes(i) ? Number(d[f]) + 500 : (d[f] ?? null))));
    const matchAll = (against: CurrentRecords | null): { seconds: number; totals: MatchTotals } => {
      const start = performance.now();
      const matcher = new Matcher(planned.plan, fields.length, against);
      for (let at = 0, row = 2; at < values.length; at += fields.length, row++) matcher.decide(values, at, row);
      const totals = matcher.finish();
      return { seconds: since(start), totals };
    };
    const match = matchAll(records);
    const matchNone = matchAll(null);

    const changed = new Set(deals.filter((_, i) => changes(i)).map((d) => String(d.deal_id)));
    // The keys cross to the worker as one JSON text; here they are needed one by one, outside the timed parts.
    const keyList = JSON.parse(records.keys) as string[];
    const ending = records.rowids.filter((_, i) => changed.has(keyList[i]!));
    wb.db.run('PRAGMA foreign_keys = OFF');
    wb.db.run('BEGIN');
    t0 = performance.now();
    endRows(wb.db, 'deals', listBatches(wb.db).at(-1)!.id, ending);
    const end = since(t0);
    wb.db.run('ROLLBACK');
    wb.db.run('PRAGMA foreign_keys = ON');

    t0 = performance.now();
    const result = await importFile(wb.db, file!, asOf === undefined ? {} : { asOf }, { dryRun: false, fileName: basename(file!) });
    const reimport = since(t0);
    t0 = performance.now();
    keepRollups(wb.db, readSettings(wb.db));
    const rollups = since(t0);
    wb.dirty = true;
    t0 = performance.now();
    await saveWorkbook(wb);
    const save = since(t0);
    closeWorkbook(wb);
    return {
      seconds: open + reimport + rollups + save,
      changed: result.changed,
      matchedChanged: match.totals.changed,
      matchedUnchanged: match.totals.unchanged,
      ended: ending.length,
      open,
      reimport,
      keys,
      match: match.seconds,
      matchNone: matchNone.seconds,
      end,
      rollups,
      save,
    };
  },

  /**
   * Anchor: what a typical Electron app does with a CSV: papaparse streams it (header: true, each
   * row an object of strings), one prepared sql.js INSERT per row in one transaction, no validation
   * or conversion, and the database exported to a file. Timed from loading sql.js to the file written.
   */
  async papaparse([csv, out]) {
    const t0 = performance.now();
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    let columns: string[] = [];
    let stmt: Statement | null = null;
    let rows = 0;
    db.run('BEGIN');
    await new Promise<void>((resolve, reject) =>
      Papa.parse<Record<string, string>>(createReadStream(csv!), {
        header: true,
        skipEmptyLines: true,
        step: ({ data, meta }) => {
          if (!stmt) {
            columns = meta.fields!;
            db.run(`CREATE TABLE deals (${columns.map(q).join(', ')})`);
            stmt = db.prepare(`INSERT INTO deals VALUES (${columns.map(() => '?').join(', ')})`);
          }
          stmt.run(columns.map((c) => data[c] ?? null));
          rows++;
        },
        complete: () => resolve(),
        error: reject,
      }),
    );
    // Assigned in papaparse's callback, which TypeScript's narrowing does not follow.
    (stmt as Statement | null)?.free();
    db.run('COMMIT');
    writeFileSync(out!, db.export());
    db.close();
    return { seconds: since(t0), rows };
  },

  /** Anchor: DuckDB reads the CSV into a table of a database file. */
  async duckdb([csv, dbFile]) {
    rmSync(dbFile!, { force: true });
    const t0 = performance.now();
    const instance = await DuckDBInstance.create(dbFile!);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE deals AS SELECT * FROM read_csv('${csv!.replace(/'/g, "''")}')`);
    const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM deals')).getRows()[0]![0]);
    conn.closeSync();
    instance.closeSync();
    return { seconds: since(t0), rows };
  },

  /** Anchor: exceljs's streaming reader alone, every row of every sheet visited. */
  async exceljs([xlsx]) {
    const t0 = performance.now();
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(xlsx!, { sharedStrings: 'cache', worksheets: 'emit', styles: 'cache', hyperlinks: 'ignore' });
    let rows = 0;
    for await (const sheet of reader) {
      for await (const row of sheet) if ((row as ExcelJS.Row).number > 0) rows++;
    }
    return { seconds: since(t0), rows };
  },
};

const [name, ...args] = process.argv.slice(2);
const job = name === undefined ? undefined : jobs[name];
if (!job) {
  console.error(`usage: job.ts ${Object.keys(jobs).join('|')} ARGS...`);
  process.exit(2);
}
const result = await job(args);
console.log(JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS }));
