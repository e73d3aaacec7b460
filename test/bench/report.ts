/** The issue's targets checked against a run's figures, and the table printed (and pasted in the README). */
import type { Figure } from './measure';

export interface Target {
  readonly name: string;
  readonly figure: string;
  /** What is compared: seconds, a ratio to an anchor, or peak RSS in MB. */
  readonly measure: 'seconds' | 'ratio' | 'rss_mb';
  readonly limit: number;
  readonly anchor?: string;
  actual: number | null;
  /** For ratios: the same ratio on CPU seconds, less disturbed by other work on the machine. */
  cpuRatio?: number | null;
  pass: boolean | null;
}

export interface Results {
  started: string;
  finished: string;
  quick: boolean;
  runsPerFigure: number;
  machine: Record<string, unknown>;
  versions: Record<string, string | null>;
  data: { csv: { rows: number; bytes: number }; xlsx: { rows: number; bytes: number } };
  figures: Record<string, Figure & { firstSeconds?: number }>;
  targets: Target[];
  notes: string[];
}

const targetList: Omit<Target, 'actual' | 'pass'>[] = [
  { name: 'CSV import <= 1.5x sqlite3 .import', figure: 'csv_import', measure: 'ratio', limit: 1.5, anchor: 'anchor_sqlite3_import' },
  { name: 'CSV import peak memory < 1 GB', figure: 'csv_import', measure: 'rss_mb', limit: 1024 },
  { name: 'XLSX import <= 1.3x exceljs streaming read', figure: 'xlsx_import', measure: 'ratio', limit: 1.3, anchor: 'anchor_exceljs_read' },
  { name: 'open the large workbook < 1 s', figure: 'open', measure: 'seconds', limit: 1 },
  { name: 'dashboard computation < 300 ms', figure: 'dashboard_compute', measure: 'seconds', limit: 0.3 },
  { name: 'dashboard computation just after opening < 300 ms', figure: 'dashboard_cold', measure: 'seconds', limit: 0.3 },
  { name: 'sample company report < 3 s', figure: 'report', measure: 'seconds', limit: 3 },
  { name: 'browser-mode dashboard < 1.5 s', figure: 'browser_dashboard', measure: 'seconds', limit: 1.5 },
];

export function checkTargets(r: Results): Target[] {
  return targetList.map((t) => {
    const f = r.figures[t.figure];
    const a = t.anchor ? r.figures[t.anchor] : undefined;
    const actual = !f ? null : t.measure === 'ratio' ? (a ? f.seconds / a.seconds : null) : t.measure === 'rss_mb' ? f.maxRssMb : f.seconds;
    const cpuRatio = t.measure === 'ratio' && f && a ? f.cpu / a.cpu : undefined;
    return { ...t, actual, ...(cpuRatio === undefined ? {} : { cpuRatio }), pass: actual === null || Number.isNaN(actual) ? null : actual <= t.limit };
  });
}

const labels: Record<string, string> = {
  csv_import: 'CSV import, whole (kpiw import)',
  cli_startup: '  kpiw start-up (list of the sample)',
  csv_import_stages: '  same, in process: read+normalise+insert+save',
  anchor_sqlite3_import: '  anchor: sqlite3 CLI .import',
  anchor_duckdb_read_csv: '  anchor: DuckDB read_csv',
  xlsx_import: 'XLSX import, whole (kpiw import)',
  anchor_exceljs_read: '  anchor: exceljs streaming read',
  open: 'open the large workbook',
  open_first: '  same, a copy this app never saw (full check)',
  dashboard_compute: 'dashboard: all KPIs x 8 quarters, warm',
  dashboard_cold: '  same, first time after opening',
  cli_metrics: 'kpiw metrics, large workbook (whole command)',
  report: 'sample company report',
  insert_fast: 'insert only: RowInserter (fast path)',
  insert_sqljs: 'insert only: sql.js Statement.run',
  browser_dashboard: 'browser: dashboard, large workbook',
  browser_dashboard_sample: 'browser: dashboard, sample company',
};

const rowsFor = (r: Results, name: string): number | null =>
  /^(csv_import|anchor_sqlite3|anchor_duckdb|insert_)/.test(name) ? r.data.csv.rows : /^(xlsx_import|anchor_exceljs)/.test(name) ? r.data.xlsx.rows : null;

const fmt = (x: unknown): string => (typeof x === 'number' ? x.toFixed(2) : '?');
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

/** A Markdown table: figure, median seconds, rows/s, peak RSS, and the target it answers. */
export function printTable(r: Results): string {
  const head = ['Figure', 'Median s', 'Rows/s', 'Peak RSS', 'CPU s', 'Target', 'Result'];
  const lines = Object.entries(r.figures).map(([name, f]) => {
    const rows = rowsFor(r, name);
    const target = r.targets.find((t) => t.figure === name && t.measure !== 'rss_mb');
    const rss = r.targets.find((t) => t.figure === name && t.measure === 'rss_mb');
    const result = target
      ? `${target.measure === 'ratio' ? `${target.actual?.toFixed(2)}x` : `${target.actual?.toFixed(3)} s`} ${target.pass === null ? 'n/a' : target.pass ? 'pass' : 'FAIL'}` +
        (target.cpuRatio ? ` (CPU ${target.cpuRatio.toFixed(2)}x)` : '') +
        (rss ? `; ${rss.pass ? 'pass' : 'FAIL'} memory` : '')
      : '';
    return [
      labels[name] ?? name,
      f.seconds.toFixed(3),
      rows ? Math.round(rows / f.seconds).toLocaleString('en-US') : '',
      Number.isNaN(f.maxRssMb) ? '' : `${f.maxRssMb.toFixed(0)} MB`,
      Number.isNaN(f.cpu) ? '' : f.cpu.toFixed(2),
      target ? `${target.measure === 'ratio' ? `<= ${target.limit}x` : `< ${target.limit} s`}${rss ? `, < ${rss.limit} MB` : ''}` : '',
      result,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!, i >= 1 && i <= 4)).join(' | ')} |`;
  const sep = `| ${widths.map((w, i) => (i >= 1 && i <= 4 ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  const m = r.machine;
  const st = r.figures.csv_import_stages?.extra;
  const stages = st
    ? [`\nCSV import stages, in process: read ${fmt(st.read)} s, normalise ${fmt(st.normalise)} s, insert ${fmt(st.insert)} s, save ${fmt(st.save)} s.`]
    : [];
  return [
    `${r.data.csv.rows.toLocaleString('en-US')} CSV deals (${(r.data.csv.bytes / 1e6).toFixed(0)} MB), ${r.data.xlsx.rows.toLocaleString('en-US')} XLSX deals; ` +
      `${m.cpus} CPUs (${String(m.cpuModel)}), ${String(m.memoryGb)} GB; load ${JSON.stringify(m.loadAverage1mStartEnd)}; node ${r.versions.node}, sql.js ${r.versions['sql.js']}` +
      `${r.quick ? '; QUICK run: targets are for the full size' : ''}`,
    '',
    row(head),
    sep,
    ...lines.map(row),
    ...stages,
    ...r.notes.map((n) => `\nNote: ${n}`),
  ].join('\n');
}
