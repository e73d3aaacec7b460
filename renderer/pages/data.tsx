/** What the workbook holds: datasets with row counts, import batches (with undo) and a paged table of each dataset. */
import { useState } from 'preact/hooks';
import { dataset, isDatasetName, type DatasetName } from '../../shared/datasets/catalog';
import type { BatchInfo, DuplicateRecords } from '../../shared/api';
import type { AppError } from '../../shared/result';
import { call } from '../client';
import { undoCaution } from '../../shared/undo-caution';
import { navigate, hrefFor } from '../router';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { Table, nextSort, type Sort } from '../components/table';
import { ErrorNote, Loading } from '../components/notice';
import { RecordHistory, type OpenRecord } from '../components/record-history';

const PAGE = 50;

function DatasetTable({ name, locale, version }: { name: DatasetName; locale: string; version: unknown }) {
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<Sort | null>(null);
  const [record, setRecord] = useState<OpenRecord | null>(null);
  const page = useCall(() => call('data.rows', { dataset: name, offset, limit: PAGE, ...(sort ? { sort } : {}) }), [name, offset, sort, version]);
  if (page.error) return <ErrorNote error={page.error} />;
  if (!page.value) return <Loading what={`${dataset(name).label.toLowerCase()} rows`} />;
  return (
    <>
      <Table
        caption={`${dataset(name).label} rows`}
        columns={page.value.columns}
        dataset={name}
        rows={page.value.rows}
        total={page.value.total}
        offset={offset}
        limit={PAGE}
        sort={sort}
        onSort={(f) => {
          setSort(nextSort(sort, f));
          setOffset(0);
        }}
        onPage={setOffset}
        locale={locale}
        records={{ keys: page.value.keys, open: (key, opener) => setRecord({ dataset: name, key, opener }) }}
      />
      {record && <RecordHistory record={record} onClose={() => setRecord(null)} />}
    </>
  );
}

export function DataPage({ params }: { params: URLSearchParams }) {
  const { fmt, info } = useApp();
  const summary = useCall(() => call('data.summary', {}), [info]);
  const [undoError, setUndoError] = useState<AppError | null>(null);
  const [mergeError, setMergeError] = useState<AppError | null>(null);
  const [merging, setMerging] = useState<DatasetName | null>(null);
  const chosen = params.get('dataset') ?? '';
  const withRows = summary.value?.datasets.filter((d) => d.rows > 0) ?? [];
  const selected: DatasetName | null = isDatasetName(chosen) ? chosen : (withRows[0]?.name ?? null);
  const n = (v: number) => v.toLocaleString(fmt.locale);

  const undo = async (b: BatchInfo) => {
    const question =
      b.kind === 'merge'
        ? `Bring back the ${n(b.removed)} duplicate ${b.dataset} rows the merge of batch ${b.id} set aside?`
        : `Undo the import of ${b.fileName} (batch ${b.id})? What it added goes; what it changed or removed comes back.`;
    const caution = summary.value ? undoCaution(b, summary.value.batches) : null;
    if (!window.confirm(caution ? `${question}\n\nNote: ${caution[0]!.toUpperCase()}${caution.slice(1)}` : question)) return;
    const r = await call('import.undo', { batch: b.id });
    setUndoError(r.ok ? null : r.error);
    summary.reload();
  };

  const merge = async (d: DuplicateRecords) => {
    setMerging(d.dataset);
    const r = await call('data.mergeDuplicates', { dataset: d.dataset });
    setMerging(null);
    setMergeError(r.ok ? null : r.error);
    summary.reload();
  };

  return (
    <section class="page data">
      <div class="page-head">
        <h1>Data</h1>
        <a class="button" href={hrefFor('import')}>
          Import a file
        </a>
      </div>
      {summary.error && <ErrorNote error={summary.error} />}
      {undoError && <ErrorNote error={undoError} />}
      {mergeError && <ErrorNote error={mergeError} />}
      {info?.duplicates.map((d) => (
        <div key={d.dataset} class="notice warn" role="status">
          <p>
            {dataset(d.dataset).label}: {n(d.records)} records appear {d.extraRows === d.records ? 'twice' : `more than once (${n(d.extraRows)} extra rows)`},
            left by imports from before the app matched records by their ID. Merging keeps the newest row of each; Undo in the batch list brings the others
            back.
          </p>
          <button type="button" disabled={info.readOnly || merging !== null} aria-busy={merging === d.dataset} onClick={() => void merge(d)}>
            {merging === d.dataset ? 'Merging…' : `Merge ${dataset(d.dataset).label.toLowerCase()}`}
          </button>
        </div>
      ))}
      {!summary.value && summary.loading && <Loading what="datasets" />}
      {summary.value && (
        <div class="data-grid">
          <section aria-labelledby="datasets-h">
            <h2 id="datasets-h">Datasets</h2>
            <ul class="dataset-list">
              {summary.value.datasets.map((d) => (
                <li key={d.name}>
                  <button
                    type="button"
                    class={`dataset${d.name === selected ? ' selected' : ''}${d.rows === 0 ? ' empty' : ''}`}
                    aria-pressed={d.name === selected}
                    onClick={() => navigate('data', { dataset: d.name })}
                  >
                    <span>{d.label}</span>
                    <span class="muted num">{n(d.rows)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="batches-h" class="batches">
            <h2 id="batches-h">Import batches</h2>
            {summary.value.batches.length === 0 ? (
              <p class="muted">Nothing imported yet.</p>
            ) : (
              <div class="table-scroll">
                <table class="data">
                  <thead>
                    <tr>
                      <th scope="col">Batch</th>
                      <th scope="col">File</th>
                      <th scope="col">Dataset</th>
                      <th scope="col">Imported</th>
                      <th scope="col">Rows</th>
                      <th scope="col">Left out</th>
                      <th scope="col">
                        <span class="sr-only">Undo</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.value.batches.map((b) => (
                      <tr key={b.id}>
                        <td class="num">{b.id}</td>
                        <td>
                          {b.kind === 'merge' ? '(merge of duplicates)' : b.fileName}
                          {b.sheet ? ` (${b.sheet})` : ''}
                        </td>
                        <td>{b.dataset}</td>
                        <td>{b.importedAt.replace('T', ' ').slice(0, 16)}</td>
                        <td class="num">{n(b.rowsAccepted)}</td>
                        <td class="num">{n(b.rowsRejected)}</td>
                        <td>
                          <button type="button" class="secondary small" disabled={info?.readOnly} onClick={() => void undo(b)}>
                            Undo
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="rows-h" class="rows">
            <h2 id="rows-h">{selected ? `Rows of ${selected}` : 'Rows'}</h2>
            {selected ? <DatasetTable key={selected} name={selected} locale={fmt.locale} version={info} /> : <p class="muted">No dataset has rows yet.</p>}
          </section>
        </div>
      )}
    </section>
  );
}
