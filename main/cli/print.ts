import type { DataSummary, DuplicateRecords, ImportResult, TargetRow } from '../../shared/api';
import { describeRecordChange } from '../../shared/datasets/changes';
import { dataset as datasetDef, type DatasetName } from '../../shared/datasets/catalog';
import { describeRowProblem } from '../../shared/result';
import type { ValueLabels } from '../../shared/datasets/value-map';

const n = (x: number) => x.toLocaleString('en-US');

/** Columns padded to their widest cell; the first row is the header. */
export function table(rows: string[][], align: ('l' | 'r')[] = []): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The labels of a dataset's ID fields: "Deal ID", "Order ID or Line ID". */
function idLabels(name: DatasetName): string {
  const def = datasetDef(name);
  const ids = [...def.key.fields, ...(def.key.alternative ?? [])].map((f) => def.fields.find((x) => x.name === f)).filter((f) => f?.type === 'id');
  return ids.map((f) => f!.label).join(' or ');
}

export function printImport(r: ImportResult, book: string): string {
  const lines: string[] = [];
  lines.push(
    r.dryRun
      ? `Checked ${r.fileName} as ${r.dataset} against ${book} (nothing imported).`
      : r.batchId === null
        ? `Nothing to import from ${r.fileName}: ${book} already has its ${r.dataset} records as they are.`
        : `Imported ${r.fileName} into ${book} as ${r.dataset} (batch ${r.batchId}), as of ${r.asOf}.`,
  );
  lines.push(`Rows: ${n(r.accepted)} accepted, ${n(r.rejected)} rejected.`);
  const will = r.dryRun ? ' (would be)' : '';
  lines.push(
    r.identity
      ? `Records${will}: ${n(r.added)} added, ${n(r.changed)} changed, ${n(r.unchanged)} unchanged; ${n(r.missing_from_file)} in the workbook but not in the file` +
          (r.removed ? `, removed (a complete export)` : r.missing_from_file ? ' (kept; --missing delete removes them)' : '') +
          '.'
      : `Records${will}: ${n(r.added)} added. The file has no ${idLabels(r.dataset)} column, so its rows cannot be matched to records: importing it again would add them again.`,
  );
  if (r.remembered)
    lines.push(
      `Mapping: as in batch ${r.remembered.batch} (${r.remembered.fileName}, ${r.remembered.importedAt.slice(0, 10)}), the last file with these columns.`,
    );
  if (r.changes.length) {
    lines.push(r.changed > r.changes.length ? `Changes (the first ${r.changes.length} of ${n(r.changed)}):` : 'Changes:');
    lines.push(...r.changes.map((c) => `  Row ${c.row}, ${describeRecordChange(r.dataset, c)}`));
  }
  if (r.mapping.length) lines.push('Columns:', ...r.mapping.map((m) => `  ${m.column} -> ${m.field}`));
  if (r.dryRun) lines.push(...printValues(r.values));
  else if (r.values.some((f) => f.values.some((v) => v.value === null)))
    lines.push('Labels not read: --value FIELD:LABEL=VALUE reads one as a value of its field (--check lists every label and how it is read).');
  if (r.notes.length) lines.push('Notes:', ...r.notes.map((x) => `  ${x}`));
  if (r.warnings.length) lines.push('Warnings:', ...r.warnings.map((x) => `  ${x}`));
  if (r.problems.length) {
    lines.push('Rejected rows:', ...r.problems.map((p) => `  ${describeRowProblem(p)}`));
    if (r.rejected > r.problems.length) lines.push(`  ... and ${n(r.rejected - r.problems.length)} more.`);
  }
  return lines.join('\n');
}

/** Every label of the label columns, with its rows and how it is read: what --value changes. */
function printValues(values: readonly ValueLabels[]): string[] {
  if (!values.length) return [];
  const lines = ['Values (each label, its rows, and how it is read; --value FIELD:LABEL=VALUE reads a label otherwise):'];
  for (const f of values) {
    lines.push(`  ${f.field}${f.columns.length ? `, from ${f.columns.map((c) => `"${c}"`).join(' and ')}` : ''}:`);
    const unread = f.required ? 'not read: row rejected' : 'not read: left empty';
    const rows = f.values.map((v) => [v.label, n(v.rows), v.value ?? unread]);
    lines.push(rows.length ? table([['label', 'rows', 'read as'], ...rows], ['l', 'r', 'l']).replace(/^/gm, '    ') : '    (no labels)');
    if (f.otherRows) lines.push(`    and ${n(f.otherRows)} rows with other labels, too many to list`);
  }
  return lines;
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
            ['batch', 'dataset', 'file', 'imported', 'accepted', 'rejected', 'added', 'changed', 'removed'],
            ...s.batches.map((b) => [
              String(b.id),
              b.dataset,
              b.kind === 'merge' ? '(merge of duplicates)' : b.sheet ? `${b.fileName} [${b.sheet}]` : b.fileName,
              b.importedAt.slice(0, 16).replace('T', ' '),
              n(b.rowsAccepted),
              n(b.rowsRejected),
              n(b.added),
              n(b.changed),
              n(b.removed),
            ]),
          ],
          ['r', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
        ).replace(/^/gm, '  ')
      : '  (none yet)',
  );
  return lines.join('\n');
}

/** A line per dataset that earlier imports left with records more than once, with the command that merges them. */
export function printDuplicates(duplicates: readonly DuplicateRecords[], book: string): string[] {
  return duplicates.map(
    (d) =>
      `${d.dataset}: ${n(d.records)} records appear ${d.extraRows === d.records ? 'twice' : `more than once (${n(d.extraRows)} extra rows)`} from earlier imports; ` +
      `\`kpiw merge ${book} --dataset ${d.dataset}\` keeps the newest row of each`,
  );
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
