/**
 * A paged, sortable table of rows as the API sends them (column names, arrays of cells). Controlled
 * (the data page pages on the server); LocalTable pages and sorts rows already in memory. Cells are
 * text nodes only: imported text can never become markup.
 */
import { useMemo, useState } from 'preact/hooks';

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
}

export function nextSort(current: Sort | null, field: string): Sort {
  return current?.field === field && current.dir === 'asc' ? { field, dir: 'desc' } : { field, dir: 'asc' };
}

function cellText(v: Cell, nf: Intl.NumberFormat): string {
  if (v === null) return '';
  return typeof v === 'number' ? nf.format(v) : v;
}

export function Table({ caption, columns, rows, total, offset, limit, sort, onSort, onPage, locale }: TableProps) {
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
              {columns.map((c) => {
                const dir = sort?.field === c ? sort.dir : null;
                return (
                  <th key={c} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                    <button type="button" class="sort" onClick={() => onSort(c)}>
                      {c}
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
            {rows.map((r, i) => (
              <tr key={offset + i}>
                {r.map((v, j) => (
                  <td key={j} class={typeof v === 'number' ? 'num' : undefined}>
                    {cellText(v, nf)}
                  </td>
                ))}
              </tr>
            ))}
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

function compare(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function LocalTable({ caption, columns, rows, locale, limit = 25 }: { caption: string; columns: string[]; rows: Cell[][]; locale: string; limit?: number }) {
  const [sort, setSort] = useState<Sort | null>(null);
  const [offset, setOffset] = useState(0);
  const sorted = useMemo(() => {
    const i = sort ? columns.indexOf(sort.field) : -1;
    if (!sort || i < 0) return rows;
    const out = [...rows].sort((x, y) => compare(x[i] ?? null, y[i] ?? null));
    return sort.dir === 'desc' ? out.reverse() : out;
  }, [rows, columns, sort]);
  return (
    <Table
      caption={caption}
      columns={columns}
      rows={sorted.slice(offset, offset + limit)}
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
    />
  );
}
