/**
 * A paged, sortable table of rows as the API sends them (column names, arrays of cells). Controlled
 * (the data page pages on the server); LocalTable pages and sorts rows already in memory. Cells are
 * text nodes only: imported text can never become markup. Given the rows' record keys, each row with
 * one has a button that opens the record's history.
 */
import { useMemo, useState } from 'preact/hooks';
import { shownKey } from '../../shared/datasets/changes';
import { columnLabel } from '../field-labels';

export type Cell = string | number | null;
export interface Sort {
  field: string;
  dir: 'asc' | 'desc';
}

export interface TableProps {
  caption: string;
  columns: string[];
  rows: Cell[][];
  total: number;
  offset: number;
  limit: number;
  sort: Sort | null;
  onSort(field: string): void;
  onPage(offset: number): void;
  locale: string;
  /** Each row's record key (null: a row without identity), with what opening a record does. */
  records?: RecordRows | undefined;
  /** The dataset the columns are fields of: their headers read as the fields' labels. */
  dataset?: string | null | undefined;
}

export interface RecordRows {
  keys: (string | null)[];
  /** `opener` is the row's button: focus goes back to it when the history closes. */
  open(key: string, opener: HTMLButtonElement): void;
}

export function nextSort(current: Sort | null, field: string): Sort {
  return current?.field === field && current.dir === 'asc' ? { field, dir: 'desc' } : { field, dir: 'asc' };
}

/** Characters a cell can show before its column's width may cut it off (wide letters at 320 px). */
const CUT_OFF = 30;

function cellText(v: Cell, nf: Intl.NumberFormat): string {
  if (v === null) return '';
  return typeof v === 'number' ? nf.format(v) : v;
}

export function Table({ caption, columns, rows, total, offset, limit, sort, onSort, onPage, locale, records, dataset }: TableProps) {
  const nf = useMemo(() => {
    try {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false });
    } catch {
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });
    }
  }, [locale]);
  const last = Math.min(offset + rows.length, total);
  return (
    <div class="table-wrap">
      <div class="table-scroll" tabIndex={0} aria-label={`${caption} (scrolls)`}>
        <table class="data">
          <caption class="sr-only">{caption}</caption>
          <thead>
            <tr>
              {records && (
                <th scope="col">
                  <span class="sr-only">History</span>
                </th>
              )}
              {columns.map((c) => {
                const dir = sort?.field === c ? sort.dir : null;
                return (
                  <th key={c} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                    <button type="button" class="sort" title={columnLabel(dataset, c)} onClick={() => onSort(c)}>
                      {columnLabel(dataset, c)}
                      <span class="sort-mark" aria-hidden="true">
                        {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const key = records?.keys[i] ?? null;
              return (
                <tr key={offset + i}>
                  {records && <td class="row-action">{key !== null && <HistoryButton recordKey={key} open={records.open} />}</td>}
                  {r.map((v, j) => {
                    const text = cellText(v, nf);
                    // A cell is cut off at the column's width: the whole text on hover.
                    return (
                      <td key={j} class={typeof v === 'number' ? 'num' : undefined} title={text.length > CUT_OFF ? text : undefined}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <span class="muted">{total === 0 ? 'No rows' : `Rows ${offset + 1}–${last} of ${total.toLocaleString(locale)}`}</span>
        <button type="button" class="secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
          Previous
        </button>
        <button type="button" class="secondary" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
          Next
        </button>
      </div>
    </div>
  );
}

function HistoryButton({ recordKey, open }: { recordKey: string; open: RecordRows['open'] }) {
  return (
    <button type="button" class="secondary small" aria-label={`History of ${shownKey(recordKey)}`} onClick={(e) => open(recordKey, e.currentTarget)}>
      History
    </button>
  );
}

function compare(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function LocalTable({
  caption,
  columns,
  rows,
  locale,
  limit = 25,
  records,
  dataset,
}: {
  caption: string;
  columns: string[];
  rows: Cell[][];
  locale: string;
  limit?: number;
  records?: RecordRows | undefined;
  dataset?: string | null | undefined;
}) {
  const [sort, setSort] = useState<Sort | null>(null);
  const [offset, setOffset] = useState(0);
  // Row numbers in the order shown, so that each row's record key goes with it.
  const order = useMemo(() => {
    const all = rows.map((_, n) => n);
    const i = sort ? columns.indexOf(sort.field) : -1;
    if (!sort || i < 0) return all;
    all.sort((x, y) => compare(rows[x]![i] ?? null, rows[y]![i] ?? null));
    return sort.dir === 'desc' ? all.reverse() : all;
  }, [rows, columns, sort]);
  const shown = order.slice(offset, offset + limit);
  return (
    <Table
      caption={caption}
      columns={columns}
      rows={shown.map((n) => rows[n]!)}
      records={records && { keys: shown.map((n) => records.keys[n] ?? null), open: records.open }}
      total={rows.length}
      offset={offset}
      limit={limit}
      sort={sort}
      onSort={(f) => {
        setSort(nextSort(sort, f));
        setOffset(0);
      }}
      onPage={setOffset}
      locale={locale}
      dataset={dataset}
    />
  );
}
