import type { DataSummary, ImportResult, TargetRow } from '../../shared/api';
import { describeRowProblem } from '../../shared/result';

const n = (x: number) => x.toLocaleString('en-US');

/** Columns padded to their widest cell; the first row is the header. */
export function table(rows: string[][], align: ('l' | 'r')[] = []): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

export function printImport(r: ImportResult, book: string): string {
  const lines: string[] = [];
  lines.push(
    r.dryRun
      ? `Checked ${r.fileName} as ${r.dataset} (nothing imported).`
      : `Imported ${r.fileName} into ${book} as ${r.dataset} (batch ${r.batchId}).`,
  );
  lines.push(`Rows: ${n(r.accepted)} accepted, ${n(r.rejected)} rejected.`);
  if (r.mapping.length) lines.push('Columns:', ...r.mapping.map((m) => `  ${m.column} -> ${m.field}`));
  if (r.notes.length) lines.push('Notes:', ...r.notes.map((x) => `  ${x}`));
  if (r.warnings.length) lines.push('Warnings:', ...r.warnings.map((x) => `  ${x}`));
  if (r.problems.length) {
    lines.push('Rejected rows:', ...r.problems.map((p) => `  ${describeRowProblem(p)}`));
    if (r.rejected > r.problems.length) lines.push(`  ... and ${n(r.rejected - r.problems.length)} more.`);
  }
  return lines.join('\n');
}

export function printList(s: DataSummary): string {
  const sets = s.datasets.filter((d) => d.rows > 0);
  const lines = ['Datasets:'];
  lines.push(sets.length ? table([['dataset', 'rows'], ...sets.map((d) => [d.name, n(d.rows)])], ['l', 'r']).replace(/^/gm, '  ') : '  (none yet)');
  lines.push('Import batches:');
  lines.push(
    s.batches.length
      ? table(
          [
            ['batch', 'dataset', 'file', 'imported', 'accepted', 'rejected'],
            ...s.batches.map((b) => [String(b.id), b.dataset, b.sheet ? `${b.fileName} [${b.sheet}]` : b.fileName, b.importedAt.slice(0, 16).replace('T', ' '), n(b.rowsAccepted), n(b.rowsRejected)]),
          ],
          ['r', 'l', 'l', 'l', 'r', 'r'],
        ).replace(/^/gm, '  ')
      : '  (none yet)',
  );
  return lines.join('\n');
}

export function printTargets(rows: TargetRow[]): string {
  if (!rows.length) return 'No targets set.';
  return table(
    [
      ['kpi', 'period', 'segment', 'target'],
      ...rows.map((t) => [t.metricId, t.period, t.segmentField ? `${t.segmentField}=${t.segmentValue}` : '', String(t.value)]),
    ],
    ['l', 'l', 'l', 'r'],
  );
}
