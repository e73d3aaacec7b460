/**
 * Records over a sequence of exports, at random: imports of deals, customers, orders and
 * subscriptions (new records, changed ones, files that lack some, complete exports that remove them,
 * repeated keys inside a file) and undos, through the real import. After every step:
 * - the workbook's current records are exactly what the exports said (a model kept beside it);
 * - every KPI for several periods computed from the rollups equals the KPI worked out from the
 *   current records alone (scan.ts), in memory and after a reopen that reads the stored rollups;
 * - every measure's rollup value equals the value of the records the drill-down lists, and for counts
 *   the number of records listed;
 * - undoing the latest import gives back exactly the KPIs from before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Database } from 'sql.js';
import { memoryDatabase } from '../../../../main/store/memory';
import { loadSqlJs } from '../../../../main/store/sqljs';
import { importFile } from '../../../../main/import/pipeline';
import { readSettings } from '../../../../main/store/settings';
import { listBatches, undoBatch } from '../../../../main/store/batches';
import { computeMetrics, metricRows } from '../../../../main/metrics/compute';
import { keepRollups } from '../../../../main/metrics/keep';
import { Evaluator } from '../../../../main/metrics/evaluate';
import { measureValue } from '../../../../main/metrics/measures';
import { env } from '../../../../main/metrics/period';
import { measureRows } from '../../../../main/metrics/scan';
import { catalogue } from '../../../../shared/metrics/index';
import { parsePeriod } from '../../../../shared/periods';
import type { Settings } from '../../../../shared/api';

const PERIODS = ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026', 'all'];

/** A tiny deterministic generator, so a failing sequence is reproduced from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const day = (r: () => number, from = 0, span = 540): string => {
  const d = new Date(Date.UTC(2025, 0, 1) + Math.floor(from + r() * span) * 86_400_000);
  return d.toISOString().slice(0, 10);
};

type Dataset = 'deals' | 'customers' | 'orders' | 'subscriptions';

interface Export {
  readonly ds: Dataset;
  readonly header: string[];
  /** key → the record's cells (the key first) */
  readonly rows: string[][];
}

/** One export of a dataset: a random subset of its records, with random values. */
function exportOf(ds: Dataset, seed: number): Export {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ids = Array.from({ length: 12 }, (_, i) => i + 1).filter(() => r() < 0.7);
  if (ds === 'deals')
    return {
      ds,
      header: ['Deal ID', 'Stage', 'Amount', 'Create Date', 'Close Date', 'Owner'],
      rows: ids.map((i) => {
        const created = day(r);
        const stage = pick(['Closed Won', 'Closed Lost', 'Qualified']);
        const closed = stage === 'Qualified' ? '' : day(r, (Date.parse(created) - Date.UTC(2025, 0, 1)) / 86_400_000, 90);
        return [`D${i}`, stage, r() < 0.15 ? '' : String(Math.floor(r() * 5000)), created, closed, pick(['Ann', 'Bo'])];
      }),
    };
  if (ds === 'customers')
    return {
      ds,
      header: ['Customer ID', 'Customer Since', 'Churn Date', 'Monthly Revenue', 'Plan'],
      rows: ids.map((i) => {
        const since = day(r, 0, 360);
        return [`C${i}`, since, r() < 0.3 ? day(r, 360, 180) : '', String(Math.floor(r() * 300)), pick(['Basic', 'Pro'])];
      }),
    };
  if (ds === 'subscriptions')
    return {
      ds,
      header: ['Subscription ID', 'Customer ID', 'Start Date', 'End Date', 'MRR', 'Renewal Date', 'Renewed'],
      rows: ids.map((i) => {
        const start = day(r, 0, 300);
        const ended = r() < 0.4 ? day(r, 300, 240) : '';
        return [`S${i}`, `C${1 + (i % 5)}`, start, ended, String(Math.floor(r() * 200)), day(r, 200, 300), pick(['yes', 'no'])];
      }),
    };
  // Order lines without a line ID: an order's lines are told apart by product and position.
  const rows: string[][] = [];
  for (const i of ids.slice(0, 6)) {
    const when = day(r);
    const customer = `C${1 + (i % 4)}`;
    for (let l = 0; l < 1 + Math.floor(r() * 3); l++) rows.push([`O${i}`, customer, when, String(Math.floor(r() * 100)), pick(['P1', 'P2'])]);
  }
  return { ds, header: ['Order ID', 'Customer ID', 'Order Date', 'Amount', 'Product'], rows };
}

const csv = (e: Export): string => [e.header, ...e.rows].map((r) => r.join(',')).join('\n');

const keyOf = (e: Export, row: string[], seen: Map<string, number>): string => {
  if (e.ds !== 'orders') return row[0]!;
  const base = `${row[0]}|${row[4]}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `${base}|${n}`;
};

/** What the workbook should hold: per dataset, key → the row as last exported. */
type Model = Map<Dataset, Map<string, string>>;

function applyToModel(model: Model, e: Export, complete: boolean): Model {
  const next: Model = new Map([...model].map(([d, m]) => [d, new Map(m)]));
  const records = next.get(e.ds) ?? new Map<string, string>();
  const seen = new Map<string, number>();
  const inFile = new Set<string>();
  for (const row of e.rows) {
    const k = keyOf(e, row, seen);
    inFile.add(k);
    records.set(k, row.join(','));
  }
  if (complete) for (const k of [...records.keys()]) if (!inFile.has(k)) records.delete(k);
  next.set(e.ds, records);
  return next;
}

/** The workbook's current records as the model writes them: key → cells (deals: stage and amount; others: the key alone). */
/** The workbook's current records as the model writes them, sorted: key and cells (deals: stage and amount; others: the key alone). */
function currentRecords(db: Database, ds: Dataset): string[] {
  const cols = ds === 'deals' ? '_key, stage, amount' : '_key';
  const rows = db.exec(`SELECT ${cols} FROM ${ds} WHERE _until IS NULL`)[0]?.values ?? [];
  return rows.map((r) => `${String(r[0]).split('\u001f').join('|')}=${ds === 'deals' ? `${String(r[1])},${r[2] === null ? '' : String(r[2])}` : ''}`).sort();
}

function modelRecords(model: Model, ds: Dataset): string[] {
  return [...(model.get(ds) ?? new Map<string, string>())].map(([k, row]) => `${k}=${ds === 'deals' ? row.split(',').slice(1, 3).join(',') : ''}`).sort();
}

const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));

function dashboard(db: Database, settings: Settings): string {
  return JSON.stringify(PERIODS.map((p) => computeMetrics(db, { period: p }, settings).metrics.map((m) => [m.id, m.value, m.numerator, m.denominator])));
}

/** Every KPI from the rollups against the same KPI worked out from the records; every measure against its drill-down. */
function checkAgainstRecords(db: Database, settings: Settings, what: string): void {
  const byScan = new Evaluator(env(db, settings, null, true));
  const e = env(db, settings, null);
  for (const id of PERIODS) {
    const p = parsePeriod(id, settings.fiscal_year_start_month)!;
    const fromRollups = computeMetrics(db, { period: id }, settings);
    for (const m of fromRollups.metrics) {
      const def = catalogue.find((d) => d.id === m.id)!;
      const s = byScan.kpi(def, p, null);
      assert.ok(
        close(m.value, s.value) && close(m.numerator, s.numerator) && close(m.denominator, s.denominator),
        `${what}: ${m.id} ${id}: rollups ${m.value} (${m.numerator}/${m.denominator}), records ${s.value} (${s.numerator}/${s.denominator})`,
      );
      const way = byScan.way(def, p);
      if ('reason' in way) continue;
      for (const [name, measure] of Object.entries(way.way.measures)) {
        const rows = measureRows(db, measure, p, settings);
        if (!rows) continue;
        const engine = measureValue(e, measure, p, null);
        assert.ok(close(engine, rows.value), `${what}: ${m.id}.${name} ${id}: rollups ${engine}, drill-down records ${rows.value}`);
        const counts = !('value' in measure && measure.value) && !('atLeast' in measure && measure.atLeast) && measure.kind !== 'distinct';
        if (counts && !(measure.kind === 'stock' && measure.state === 'monthEnds'))
          assert.equal(rows.rowids.length, rows.value, `${what}: ${m.id}.${name} ${id}: rows listed`);
      }
      // The drill-down of a ratio lists the records of its denominator, as many as the denominator when it counts records.
      if (m.status === 'ok' && m.denominator !== null && Number.isInteger(m.denominator)) {
        const listed = metricRows(db, { id: m.id, period: id, limit: 1000 }, settings).total;
        const den = 'reason' in way ? null : way.way.denominator;
        const plain = typeof den === 'string' ? way.way.measures[den] : undefined;
        if (
          plain &&
          (plain.kind === 'flow' || plain.kind === 'stock') &&
          !plain.value &&
          !(plain.kind === 'stock' && plain.state === 'monthEnds') &&
          !(plain.kind === 'stock' && plain.count)
        ) {
          assert.equal(listed, m.denominator, `${what}: ${m.id} ${id}: drill-down lists ${listed} rows for a denominator of ${m.denominator}`);
        }
      }
    }
  }
}

const stepOf = (...datasets: Dataset[]) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('import' as const),
      ds: fc.constantFrom<Dataset>(...datasets),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      complete: fc.boolean(),
      repeat: fc.constantFrom('none', 'same', 'other'),
      // The day each export shows, in any order: an older export imported later slots into the past.
      asOf: fc.constantFrom('2025-06-30', '2025-09-30', '2025-12-31', '2026-03-31', '2026-06-30', '2026-09-30'),
    }),
    fc.record({ kind: fc.constant('undo' as const), latest: fc.boolean(), pick: fc.nat() }),
  );

/** Every dataset kind; and deals alone, so that one record is changed by several imports and an import between them is undone. */
const sequences = [
  { name: 'deals, customers, orders and subscriptions', step: stepOf('deals', 'customers', 'orders', 'subscriptions'), maxLength: 8, numRuns: 30 },
  { name: 'deals alone, longer', step: stepOf('deals'), maxLength: 10, numRuns: 30 },
];

for (const { name, step, maxLength, numRuns } of sequences)
  test(`random sequences of exports, re-imports and undos (${name}): records as exported, KPIs from rollups = KPIs from records = drill-downs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpiw-records-'));
    const SQL = await loadSqlJs();
    let file = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 2, maxLength }), async (steps) => {
          const db = await memoryDatabase();
          const settings = readSettings(db);
          // The model after each batch still in the workbook, to undo to.
          // The imports still in the workbook. The records are theirs replayed in the order of the days
          // their exports show (import order within a day); a complete export removes only when it was the
          // newest of its dataset when imported.
          const history: { batch: number; before: string | null; e: Export; complete: boolean; asOf: string }[] = [];
          const replay = (): Model => {
            let m: Model = new Map();
            for (const h of [...history].sort((a, b) => (a.asOf === b.asOf ? a.batch - b.batch : a.asOf < b.asOf ? -1 : 1)))
              m = applyToModel(m, h.e, h.complete);
            return m;
          };
          let model: Model = new Map();
          try {
            for (const [n, s] of steps.entries()) {
              const what = `step ${n + 1} ${JSON.stringify(s)}`;
              if (s.kind === 'import') {
                const e = exportOf(s.ds, s.seed);
                if (e.rows.length === 0) continue;
                const rows = [...e.rows];
                // A key twice in one file: the same row is counted once, other values are a rejected row.
                if (s.repeat === 'same' && e.ds !== 'orders') rows.push(rows[0]!);
                if (s.repeat === 'other' && e.ds !== 'orders') rows.push([rows[0]![0]!, ...rows[rows.length - 1]!.slice(1)]);
                const path = join(dir, `f${++file}.csv`);
                writeFileSync(path, csv({ ...e, rows }));
                const before = dashboard(db, settings);
                const hadRecords = (model.get(e.ds)?.size ?? 0) > 0;
                const late = listBatches(db).some((b) => b.dataset === e.ds && b.asOf > s.asOf);
                let r;
                try {
                  r = await importFile(
                    db,
                    path,
                    { as: e.ds, asOf: s.asOf, ...(s.complete ? { missing: 'delete' } : {}) },
                    { dryRun: false, fileName: `f${file}.csv` },
                  );
                } catch (err) {
                  // A complete export sharing no record with the workbook is refused rather than emptying
                  // it, and a file dated wholly after its as-of date is a question for the user.
                  const message = (err as Error).message;
                  assert.ok(
                    (s.complete && !late && hadRecords && /none of the/.test(message)) || /every row is dated after/.test(message),
                    `${what}: ${message}`,
                  );
                  continue;
                }
                const conflicting = s.repeat === 'other' && e.ds !== 'orders' && rows[rows.length - 1]!.join(',') !== rows[0]!.join(',');
                assert.equal(r.rejected, conflicting ? 1 : 0, `${what}: rejected rows`);
                if (conflicting) assert.match(r.problems[0]!.reason, /is a duplicate of row 2/);
                if (r.batchId !== null) history.push({ batch: r.batchId, before, e, complete: s.complete && !late, asOf: s.asOf });
                model = replay();
                keepRollups(db, settings);
              } else {
                const batches = listBatches(db);
                if (batches.length === 0) continue;
                const target = s.latest ? batches[batches.length - 1]! : batches[s.pick % batches.length]!;
                const isLatest = target.id === batches[batches.length - 1]!.id;
                const entry = history.findIndex((h) => h.batch === target.id);
                undoBatch(db, target.id);
                keepRollups(db, settings);
                const before = history[entry]!.before;
                if (isLatest && before !== null) assert.equal(dashboard(db, settings), before, `${what}: KPIs after undo equal those before the import`);
                // Undoing an earlier import leaves the records as if it had never been; the later imports no
                // longer have a "before" to come back to.
                if (!isLatest) for (const h of history) if (h.batch > target.id) h.before = null;
                history.splice(entry, 1);
                model = replay();
              }
              for (const d of ['deals', 'customers', 'orders', 'subscriptions'] as Dataset[]) {
                assert.deepEqual(currentRecords(db, d), modelRecords(model, d), `${what}: current ${d}`);
              }
              checkAgainstRecords(db, settings, what);
              const reopened = new SQL.Database(db.export());
              try {
                assert.equal(dashboard(reopened, settings), dashboard(db, settings), `${what}: after a reopen, from the stored rollups`);
              } finally {
                reopened.close();
              }
            }
          } catch (e) {
            if (process.env.KPIW_PROPERTY_DEBUG) console.error((e as Error).message);
            throw e;
          } finally {
            db.close();
          }
        }),
        { numRuns, seed: 20261205 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
