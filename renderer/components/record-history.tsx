/**
 * One record's versions (data.history), opened from a row of the Data page or from the rows behind a
 * figure: when each was valid, the import that wrote it, and the fields it changed, highlighted. A
 * modal dialog: Escape closes it, and focus goes back to the row's button that opened it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { RecordHistory as History, RecordVersion } from '../../shared/api';
import { field, type DatasetName } from '../../shared/datasets/catalog';
import { recordName, shownKey } from '../../shared/datasets/changes';
import { NO_VALUE } from '../../shared/format';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { ErrorNote, Loading } from './notice';

export interface OpenRecord {
  dataset: DatasetName;
  key: string;
  opener: HTMLElement;
}

type Value = string | number | null;

const span = (v: RecordVersion) => `${v.valid_from} – ${v.valid_to ?? 'now'}`;

/** Removed rather than replaced: the batch that ended the version wrote no next one. */
const removedAfter = (h: History, i: number): boolean => {
  const v = h.versions[i]!;
  return v.ended_by !== null && v.ended_by !== h.versions[i + 1]?.batch;
};

function Versions({ history: h, shown }: { history: History; shown(v: Value): string }) {
  const label = (f: string) => field(h.dataset, f)?.label ?? f;
  return (
    <ol class="history-versions">
      {h.versions.map((v, i) => {
        const before = h.versions[i - 1];
        return (
          <li key={`${v.batch}-${i}`}>
            <span class="history-span">{span(v)}</span> <span class="muted">· batch {v.batch} ·</span>{' '}
            {!before ? (
              <span>first version</span>
            ) : v.changed.length === 0 ? (
              <span>the same values again</span>
            ) : (
              <span>
                {v.changed.map((f, j) => (
                  <span key={f}>
                    {j > 0 && ', '}
                    <mark>
                      {label(f)} {shown(before.values[f] ?? null)} → {shown(v.values[f] ?? null)}
                    </mark>
                  </span>
                ))}
              </span>
            )}
            {removedAfter(h, i) && (
              <p class="history-removed">
                Removed on {v.valid_to} by batch {v.ended_by}: a complete export without this record.
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Fields down, versions across; a value that changed from the version before is highlighted. */
function ValuesTable({ history: h, shown }: { history: History; shown(v: Value): string }) {
  const fields = Object.keys(h.versions[0]?.values ?? {});
  return (
    <div class="table-scroll history-table" tabIndex={0} aria-label="Values of each version (scrolls)">
      <table class="data">
        <caption class="sr-only">Values of each version of {recordName(h.dataset, h.key)}; changed values are marked</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            {h.versions.map((v, i) => (
              <th key={i} scope="col">
                {span(v)}
                <span class="muted"> · batch {v.batch}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">{field(h.dataset, f)?.label ?? f}</th>
              {h.versions.map((v, i) => {
                const changed = v.changed.includes(f);
                const value = shown(v.values[f] ?? null);
                return (
                  <td key={i} class={changed ? 'changed' : undefined}>
                    {changed ? <mark>{value}</mark> : value}
                    {changed && <span class="sr-only"> (changed)</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RecordHistory({ record, onClose }: { record: OpenRecord; onClose(): void }) {
  const { fmt } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const history = useCall(() => call('data.history', { dataset: record.dataset, id: record.key }), [record.dataset, record.key]);
  const shown = (v: Value): string => (v === null ? NO_VALUE : typeof v === 'number' ? v.toLocaleString(fmt.locale, { maximumFractionDigits: 6 }) : v);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const closed = () => {
    onClose();
    record.opener.focus();
  };

  const h = history.value;
  return (
    <dialog ref={dialog} class="record-history" aria-labelledby="record-history-title" onClose={closed}>
      <header>
        <h2 id="record-history-title">History of {recordName(record.dataset, shownKey(record.key))}</h2>
        <button type="button" class="icon" onClick={() => dialog.current?.close()} aria-label="Close">
          ×
        </button>
      </header>
      {history.error && <ErrorNote error={history.error} />}
      {history.loading && !h && <Loading what="versions" />}
      {h && (
        <>
          <p class="muted">
            {h.versions.length === 1
              ? 'One version: no export has changed this record.'
              : `${h.versions.length} versions, oldest first, each valid from its export's as-of date; the fields it changed are highlighted.`}
          </p>
          <Versions history={h} shown={shown} />
          <ValuesTable history={h} shown={shown} />
        </>
      )}
    </dialog>
  );
}
