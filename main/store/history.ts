/**
 * A record's history: every version of it the workbook keeps, current or not, each valid from the
 * as-of date of the export that wrote it until that of the export that replaced or removed it, in the
 * order of those dates (an older export imported late takes its place in the past).
 */
import type { Database } from 'sql.js';
import type { RecordHistory, RecordVersion } from '../../shared/api';
import { dataset as datasetDef, storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { shownKey } from '../../shared/datasets/changes';
import { KEY_SEPARATOR } from '../../shared/datasets/identity';
import { AppFailure } from '../../shared/result';
import { chronology } from './batches';
import { q } from './schema';

const SHOWN_SEPARATOR = ' / ';

function keysLike(db: Database, dataset: DatasetName, pattern: string): string[] {
  const stmt = db.prepare(`SELECT DISTINCT ${q(systemColumns.key)} FROM ${q(dataset)} WHERE ${q(systemColumns.key)} LIKE ? ESCAPE '\\'`);
  const out: string[] = [];
  try {
    stmt.bind([pattern]);
    while (stmt.step()) out.push(String(stmt.get()[0]));
  } finally {
    stmt.free();
  }
  return out;
}

/**
 * The stored key `id` names: the key itself (as data.rows hands it out), or its parts joined by " / "
 * as shownKey writes them; null when no version of the dataset has it.
 */
function storedKey(db: Database, dataset: DatasetName, id: string): string | null {
  const candidates = [...new Set([id, id.split(SHOWN_SEPARATOR).join(KEY_SEPARATOR)])];
  const found = new Set(
    (
      db.exec(
        `SELECT DISTINCT ${q(systemColumns.key)} FROM ${q(dataset)} WHERE ${q(systemColumns.key)} IN (${candidates.map(() => '?').join(', ')})`,
        candidates,
      )[0]?.values ?? []
    ).map(([k]) => String(k)),
  );
  const exact = candidates.find((c) => found.has(c));
  if (exact !== undefined || datasetDef(dataset).key.fields.length === 1) return exact ?? null;
  // shownKey leaves a key's empty parts out (a spend without a channel): such a key is found by the
  // parts it shows, in order, whatever lies around them.
  const parts = id.split(SHOWN_SEPARATOR).map((part) => part.replace(/[\\%_]/g, (c) => `\\${c}`));
  return keysLike(db, dataset, `%${parts.join('%')}%`).find((k) => shownKey(k) === id) ?? null;
}

function unknownRecord(dataset: DatasetName, id: string): AppFailure {
  const def = datasetDef(dataset);
  const fieldOf = (f: string) => def.fields.find((x) => x.name === f);
  const labels = def.key.fields.map((f) => fieldOf(f)?.label ?? f);
  // An order line without a line ID is told apart from its order's other lines of that product by its place among them.
  if (def.key.fields.some((f) => fieldOf(f)?.type === 'id') && !def.key.fields.every((f) => fieldOf(f)?.type === 'id'))
    labels.push('place among those lines (1, 2, ...)');
  const how = labels.length === 1 ? `its ${labels[0]} as the export writes it` : `its ${labels.join(' / ')}, as the export writes them`;
  const alternative = def.key.alternative?.map((f) => fieldOf(f)?.label ?? f).join(' / ');
  return new AppFailure('unknown_record', `${def.label} has no record "${id}": give ${how}${alternative ? `, or its ${alternative}` : ''}.`, { dataset, id });
}

export function recordHistory(db: Database, dataset: DatasetName, id: string): RecordHistory {
  const key = storedKey(db, dataset, id);
  if (key === null) throw unknownRecord(dataset, id);
  const fields = storedFields(dataset).map((f) => f.name);
  const columns = [systemColumns.batch, systemColumns.until, ...fields].map(q).join(', ');
  const rows = db.exec(`SELECT ${columns} FROM ${q(dataset)} WHERE ${q(systemColumns.key)} = ? ORDER BY rowid`, [key])[0]?.values ?? [];
  const order = chronology(db, dataset);
  const rank = new Map(order.map((b, i) => [b.id, i]));
  const asOf = new Map(order.map((b) => [b.id, b.asOf]));
  // Versions follow each other in the order of their exports' as-of dates, not of the imports.
  const sorted = rows
    .map((r) => ({ batch: Number(r[0]), until: r[1] === null ? null : Number(r[1]), cells: r.slice(2) }))
    .sort((a, b) => rank.get(a.batch)! - rank.get(b.batch)!);
  const versions: RecordVersion[] = [];
  for (const v of sorted) {
    const values: Record<string, string | number | null> = {};
    fields.forEach((f, i) => {
      const cell = v.cells[i];
      values[f] = typeof cell === 'string' || typeof cell === 'number' ? cell : null;
    });
    const previous = versions.at(-1)?.values;
    versions.push({
      valid_from: asOf.get(v.batch)!,
      valid_to: v.until === null ? null : asOf.get(v.until)!,
      batch: v.batch,
      values,
      changed: previous ? fields.filter((f) => previous[f] !== values[f]) : [],
      ended_by: v.until,
    });
  }
  return { dataset, key: shownKey(key), versions };
}
