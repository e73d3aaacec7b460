/** The issue's targets checked against a run's figures, and the table printed (and pasted in the README). */
import type { Figure } from './measure';

export interface Target {
  readonly name: string;
  readonly figure: string;
  /** What is compared: seconds, a ratio to an anchor, peak RSS in MB, or a file's growth over the anchor's in %. */
  readonly measure: 'seconds' | 'ratio' | 'rss_mb' | 'growth_pct';
  readonly limit: number;
  readonly anchor?: string;
  /** The anchor as the table names it beside the limit. */
  readonly versus?: string;
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
  { name: 'CSV import <= 1.5x sqlite3 .import', figure: 'csv_import', measure: 'ratio', limit: 1.5, anchor: 'anchor_sqlite3_import', versus: 'sqlite3' },
  {
    name: 'CSV import <= 1.3x papaparse + sql.js (a typical Electron app)',
    figure: 'csv_import',
    measure: 'ratio',
    limit: 1.3,
    anchor: 'anchor_papaparse_sqljs',
    versus: 'papaparse',
  },
  { name: 'CSV import peak memory < 1 GB', figure: 'csv_import', measure: 'rss_mb', limit: 1024 },
  {
    name: 'CSV re-import, 10% changed, <= 1.5x the first import',
    figure: 'csv_reimport',
    measure: 'ratio',
    limit: 1.5,
    anchor: 'csv_import',
    versus: 'import',
  },
  { name: 'CSV re-import peak memory < 1 GB', figure: 'csv_reimport', measure: 'rss_mb', limit: 1024 },
  // About 10% is what the changed rows' new versions take; 100% would be a copy of every record.
  { name: 'CSV re-import, 10% changed, adds <= 20% to the workbook file', figure: 'file_reimport', measure: 'growth_pct', limit: 20, anchor: 'file_import' },
  { name: 'XLSX import <= 1.3x exceljs streaming read', figure: 'xlsx_import', measure: 'ratio', limit: 1.3, anchor: 'anchor_exceljs_read', versus: 'exceljs' },
  { name: 'open the large workbook < 1 s', figure: 'open', measure: 'seconds', limit: 1 },
  { name: 'dashboard computation < 300 ms', figure: 'dashboard_compute', measure: 'seconds', limit: 0.3 },
  { name: 'dashboard computation just after opening < 300 ms', figure: 'dashboard_cold', measure: 'seconds', limit: 0.3 },
  // Two dated exports of every deal: a quarter's states are read from the versions standing at its end.
  { name: 'dashboard computation after the re-import < 300 ms', figure: 'dashboard_reimport', measure: 'seconds', limit: 0.3 },
  { name: 'dashboard computation after the re-import, just after opening < 300 ms', figure: 'dashboard_reimport_cold', measure: 'seconds', limit: 0.3 },
  { name: 'sample company report < 3 s', figure: 'report', measure: 'seconds', limit: 3 },
  { name: 'browser-mode dashboard < 1.5 s', figure: 'browser_dashboard', measure: 'seconds', limit: 1.5 },
];

function measured(t: Omit<Target, 'actual' | 'pass'>, f: Figure, a: Figure | undefined): number | null {
  switch (t.measure) {
    case 'ratio':
      return a ? f.seconds / a.seconds : null;
    case 'growth_pct':
      return f.bytes !== undefined && a?.bytes !== undefined ? (f.bytes / a.bytes - 1) * 100 : null;
    case 'rss_mb':
      return f.maxRssMb;
    case 'seconds':
      return f.seconds;
  }
}

export function checkTargets(r: Results): Target[] {
  return targetList.map((t) => {
    const f = r.figures[t.figure];
    const a = t.anchor ? r.figures[t.anchor] : undefined;
    const actual = f ? measured(t, f, a) : null;
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
  anchor_papaparse_sqljs: '  anchor: papaparse + sql.js INSERT per row',
  csv_reimport: 'CSV re-import, 10% changed (kpiw import)',
  csv_reimport_stages: '  same, in process: open+import+rollups+save',
  file_import: 'workbook file after the first import',
  file_reimport: '  after the re-import, 10% changed',
  xlsx_import: 'XLSX import, whole (kpiw import)',
  anchor_exceljs_read: '  anchor: exceljs streaming read',
  open: 'open the large workbook',
  open_first: '  same, a copy this app never saw (full check)',
  dashboard_compute: 'dashboard: all KPIs x 8 quarters, warm',
  dashboard_cold: '  same, first time after opening',
  dashboard_reimport: 'dashboard after the re-import, warm',
  dashboard_reimport_cold: '  same, first time after opening',
  cli_metrics: 'kpiw metrics, large workbook (whole command)',
  report: 'sample company report',
  insert_fast: 'insert only: RowInserter (fast path)',
  insert_sqljs: 'insert only: sql.js Statement.run',
  browser_dashboard: 'browser: dashboard, large workbook',
  browser_dashboard_sample: 'browser: dashboard, sample company',
};

const rowsFor = (r: Results, name: string): number | null =>
  /^(csv_|anchor_sqlite3|anchor_duckdb|anchor_papaparse|insert_)/.test(name)
    ? r.data.csv.rows
    : /^(xlsx_import|anchor_exceljs)/.test(name)
      ? r.data.xlsx.rows
      : null;

const fmt = (x: unknown): string => (typeof x === 'number' ? x.toFixed(2) : '?');
const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB (${bytes.toLocaleString('en-US')} bytes)`;

/** The table's order, not the run's: a figure's indented rows follow it whatever order they were measured in. */
const rank = (name: string): number => {
  const i = Object.keys(labels).indexOf(name);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

/** A Markdown table: figure, median seconds, rows/s, peak RSS, and the target it answers. */
export function printTable(r: Results): string {
  const head = ['Figure', 'Median s', 'Rows/s', 'Peak RSS', 'CPU s', 'Target', 'Result'];
  const figures = Object.entries(r.figures).sort(([a], [b]) => rank(a) - rank(b));
  const lines = figures.map(([name, f]) => {
    const rows = rowsFor(r, name);
    const targets = r.targets.filter((t) => t.figure === name && t.measure !== 'rss_mb');
    const rss = r.targets.find((t) => t.figure === name && t.measure === 'rss_mb');
    const verdict = (t: Target): string => (t.pass === null ? 'n/a' : t.pass ? 'pass' : 'FAIL');
    const limits = [
      ...targets.map((t) =>
        t.measure === 'ratio'
          ? `<= ${t.limit}x${t.versus ? ` ${t.versus}` : ''}`
          : t.measure === 'growth_pct'
            ? `<= +${t.limit}% of the file`
            : `< ${t.limit} s`,
      ),
      ...(rss ? [`< ${rss.limit} MB`] : []),
    ];
    const shown = (t: Target): string =>
      t.actual === null
        ? '?'
        : t.measure === 'ratio'
          ? `${t.actual.toFixed(2)}x`
          : t.measure === 'growth_pct'
            ? `${t.actual < 0 ? '' : '+'}${t.actual.toFixed(1)}%`
            : `${t.actual.toFixed(3)} s`;
    const results = [
      ...(f.bytes !== undefined ? [mb(f.bytes)] : []),
      ...targets.map((t) => `${shown(t)} ${verdict(t)}` + (t.cpuRatio ? ` (CPU ${t.cpuRatio.toFixed(2)}x)` : '')),
      ...(rss ? [`${verdict(rss)} memory`] : []),
    ];
    const timed = !Number.isNaN(f.seconds);
    return [
      labels[name] ?? name,
      timed ? f.seconds.toFixed(3) : '',
      rows && timed ? Math.round(rows / f.seconds).toLocaleString('en-US') : '',
      Number.isNaN(f.maxRssMb) ? '' : `${f.maxRssMb.toFixed(0)} MB`,
      Number.isNaN(f.cpu) ? '' : f.cpu.toFixed(2),
      limits.join(', '),
      results.join('; '),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!, i >= 1 && i <= 4)).join(' | ')} |`;
  const sep = `| ${widths.map((w, i) => (i >= 1 && i <= 4 ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  const m = r.machine;
  const st = r.figures.csv_import_stages?.extra;
  const re = r.figures.csv_reimport_stages?.extra;
  const stages = [
    ...(st
      ? [`\nCSV import stages, in process: read ${fmt(st.read)} s, normalise ${fmt(st.normalise)} s, insert ${fmt(st.insert)} s, save ${fmt(st.save)} s.`]
      : []),
    ...(re
      ? [
          `\nCSV re-import stages, in process: open ${fmt(re.open)} s; import ${fmt(re.reimport)} s, in which loading the current keys ${fmt(re.keys)} s, ` +
            `matching the rows to them ${fmt(re.match)} s (timed alone; the worker does it while reading; a first import matches in ${fmt(re.matchNone)} s), ` +
            `ending ${Number(re.ended).toLocaleString('en-US')} old versions ${fmt(re.end)} s while the worker reads; rollups ${fmt(re.rollups)} s; save ${fmt(re.save)} s.`,
        ]
      : []),
  ];
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
