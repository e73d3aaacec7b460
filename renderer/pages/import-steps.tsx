/**
 * The import wizard's steps, as controlled views over the wizard's state: the file's dataset and
 * column mapping, the reading of its label columns' values, the check of what the import will do to the
 * records before anything is written (with the day the export shows), and the result with its undo.
 */
import type { ComponentChildren } from 'preact';
import type { EarlierImport, ImportResult, Inspection, RememberedMapping, Settings } from '../../shared/api';
import type { ValueLabels } from '../../shared/datasets/value-map';
import { datasetNames, field, mappableFields, dataset as datasetDef, type DatasetName } from '../../shared/datasets/catalog';
import { describeRecordChange } from '../../shared/datasets/changes';
import { describeRowProblem, type AppError } from '../../shared/result';
import { LocalTable } from '../components/table';
import { FixedValues } from './import-options';
import { ImportedBefore, idNames } from './import-again';
import { StageForecastCells } from './stage-forecast-cells';

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

export interface MappingProps {
  inspection: Inspection;
  setValues: Map<string, string>;
  dateOrders: Map<string, DateOrder>;
  locale: string;
  onSheet(sheet: string): void;
  onDataset(name: DatasetName): void;
  onField(header: string, field: string): void;
  onSet(field: string, value: string, commit: boolean): void;
  onRemoveSet(field: string): void;
  onDateOrder(header: string, order: DateOrder | ''): void;
}

const dateOrderLabels: Record<DateOrder, string> = { ymd: 'year-month-day', mdy: 'month/day/year', dmy: 'day/month/year' };

export function MappingStep(p: MappingProps) {
  const { inspection: ins } = p;
  const fields = mappableFields(ins.dataset);
  const candidateNames = new Set(ins.candidates.map((c) => c.dataset));
  const others = datasetNames.filter((n) => !candidateNames.has(n));
  return (
    <div class="step-body">
      <div class="form-row">
        {ins.sheets.length > 1 && (
          <label class="field">
            Sheet
            <select value={ins.sheet ?? ''} onChange={(e) => p.onSheet(e.currentTarget.value)}>
              {ins.sheets.map((s) => (
                <option key={s.name} value={s.name} disabled={!s.hasData}>
                  {s.name}
                  {s.hidden ? ' (hidden)' : ''}
                  {s.hasData ? '' : ' (empty)'}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="field">
          Dataset
          <select value={ins.dataset} onChange={(e) => p.onDataset(e.currentTarget.value as DatasetName)}>
            {ins.candidates.map((c, i) => (
              <option key={c.dataset} value={c.dataset}>
                {datasetDef(c.dataset).label}
                {i === 0 ? ' (best match)' : ' (possible match)'}
              </option>
            ))}
            {others.map((n) => (
              <option key={n} value={n}>
                {datasetDef(n).label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted">{ins.explanation}</p>
      {ins.remembered && <RememberedNote remembered={ins.remembered} />}
      <Notes warnings={ins.warnings} notes={ins.notes} />
      <div class="table-scroll mapping-scroll">
        <table class="data mapping">
          <caption class="sr-only">Column mapping</caption>
          <thead>
            <tr>
              <th scope="col">Source column</th>
              <th scope="col">Sample values</th>
              <th scope="col">Field</th>
              <th scope="col">Detected type</th>
            </tr>
          </thead>
          <tbody>
            {ins.columns.map((c) => (
              <tr key={c.index}>
                <th scope="row" title={c.header}>
                  {c.header}
                </th>
                <td class="samples wrapping">{c.samples.slice(0, 3).join(' · ')}</td>
                <td>
                  <select aria-label={`Field for column ${c.header}`} value={c.field ?? ''} onChange={(e) => p.onField(c.header, e.currentTarget.value)}>
                    <option value="">— leave out —</option>
                    {fields.map((f) => (
                      <option key={f.name} value={f.name}>
                        {f.label}
                        {f.required ? ' *' : ''}
                      </option>
                    ))}
                  </select>
                  {c.derivedFrom && <div class="muted">derived from {c.derivedFrom}</div>}
                </td>
                <td class="wrapping">
                  {c.detectedType}
                  {c.detectedType.startsWith('date') && (
                    <select
                      class="inline-select"
                      aria-label={`Date order for column ${c.header}`}
                      value={p.dateOrders.get(c.header) ?? ''}
                      onChange={(e) => p.onDateOrder(c.header, e.currentTarget.value as DateOrder | '')}
                    >
                      <option value="">as detected</option>
                      {(Object.keys(dateOrderLabels) as DateOrder[]).map((o) => (
                        <option key={o} value={o}>
                          {dateOrderLabels[o]}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FixedValues inspection={ins} values={p.setValues} onSet={p.onSet} onRemove={p.onRemoveSet} />
    </div>
  );
}

/** The key of a label's reading among the wizard's choices. */
export const valueKey = (field: string, label: string): string => `${field}\u0000${label}`;

/**
 * Every distinct label of the file's label columns, with its rows and what the import reads it as;
 * each can be changed. A label read as nothing leaves an optional field empty and rejects the row of
 * a required one, and says which.
 */
/**
 * `forecast`: where a deals file's stage column gives the status labels, each label read as open also
 * takes its forecast probability and category (workbook settings, saved at once).
 */
export function ValuesStep({
  fields,
  chosen,
  locale,
  forecast,
  onValue,
}: {
  fields: ValueLabels[];
  chosen: ReadonlyMap<string, string>;
  locale: string;
  forecast: { stageColumn: string; settings: Settings; readOnly: boolean } | null;
  onValue(field: string, label: string, value: string): void;
}) {
  return (
    <div class="step-body">
      <p>Each label in these columns is read as one of a few values. Change any that were read wrongly, and choose one for any that were not read.</p>
      {fields.map((f) => {
        const stages = f.field === 'status' && forecast !== null && f.columns.includes(forecast.stageColumn) ? forecast : null;
        const span = stages ? 5 : 3;
        return (
          <table key={f.field} class="data values" data-field={f.field}>
            <caption>
              {f.columns.length ? `${f.columns.map((c) => `"${c}"`).join(' and ')} → ` : ''}
              {f.label}
            </caption>
            <thead>
              <tr>
                <th scope="col">Label in the file</th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col">Read as</th>
                {stages && (
                  <>
                    <th scope="col">Probability % (if open)</th>
                    <th scope="col">Forecast category</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {f.values.length === 0 && (
                <tr>
                  <td colSpan={span} class="muted">
                    No row has a label in this column.
                  </td>
                </tr>
              )}
              {f.values.map((v) => {
                const value = chosen.get(valueKey(f.field, v.label)) ?? v.value ?? '';
                return (
                  <tr key={v.label} class={value === '' ? 'unread' : undefined}>
                    <th scope="row">{v.label}</th>
                    <td class="num">{v.rows.toLocaleString(locale)}</td>
                    <td>
                      <select aria-label={`${f.label} for ${v.label}`} value={value} onChange={(e) => onValue(f.field, v.label, e.currentTarget.value)}>
                        {value === '' && <option value="">{f.required ? 'not read: row rejected' : 'not read: left empty'}</option>}
                        {f.choices.map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    </td>
                    {stages &&
                      (value === 'open' ? <StageForecastCells label={v.label} settings={stages.settings} readOnly={stages.readOnly} /> : <td colSpan={2} />)}
                  </tr>
                );
              })}
            </tbody>
            {f.otherRows > 0 && (
              <tfoot>
                <tr>
                  <td colSpan={span} class="muted">
                    {f.otherRows.toLocaleString(locale)} more rows hold other labels, too many to list: is this column really a {f.label.toLowerCase()}?
                  </td>
                </tr>
              </tfoot>
            )}
          </table>
        );
      })}
    </div>
  );
}

/** Where the mapping on screen comes from, so that a user who sees their last choices knows why. */
function RememberedNote({ remembered: r }: { remembered: RememberedMapping }) {
  return (
    <p class="notice remembered-note">
      Columns mapped as in batch {r.batch} ({r.fileName}, {r.importedAt.slice(0, 10)}), the last file with these columns. You can still change any field.
    </p>
  );
}

function Notes({ warnings, notes }: { warnings: string[]; notes: string[] }) {
  if (warnings.length + notes.length === 0) return null;
  return (
    <ul class="notes">
      {warnings.map((w, i) => (
        <li key={`w${i}`} class="warn-text">
          {w}
        </li>
      ))}
      {notes.map((n, i) => (
        <li key={`n${i}`}>{n}</li>
      ))}
    </ul>
  );
}

/**
 * The server words the remembered mapping and the missing ID as notes for the CLI; the wizard says
 * both in their own place (the note above the mapping, the warning on the Check step), so once is enough.
 */
const count = (n: number, one: string, many: string, locale: string) => `${n.toLocaleString(locale)} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c". */
const listed = (parts: string[]) => (parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);

/** Whether an import would write anything: a file the workbook already holds as it is would not. */
export const changesAnything = (r: ImportResult) => r.added + r.changed + r.removed > 0;

/** The Import button's words: what the click will do to the records. */
export function importLabel(p: ImportResult, locale: string): string {
  if (!changesAnything(p)) return 'Nothing to import';
  if (p.identity === null) return `Import: ${count(p.added, 'new row', 'new rows', locale)}`;
  const n = (v: number) => v.toLocaleString(locale);
  const parts = [p.added && `${n(p.added)} new`, p.changed && `${n(p.changed)} changed`, p.removed && `${n(p.removed)} removed`].filter(Boolean);
  return `Import: ${parts.join(', ')}`;
}

/** What undoing an import does, as [present, past] phrases: "remove the 4,435 added records". */
function undoEffects(r: ImportResult, locale: string): [string, string][] {
  const noun = r.identity === null ? ['row', 'rows'] : ['record', 'records'];
  const effects: [number, string, string, string][] = [
    [r.added, 'remove', 'removed', 'added'],
    [r.changed, 'restore', 'restored', 'changed'],
    [r.removed, 'bring back', 'brought back', 'removed'],
  ];
  return effects
    .filter(([n]) => n > 0)
    .map(([n, verb, past, what], i) => {
      // The first phrase names the records; the later ones say "ones", as a person would.
      const [one, many] = i === 0 ? noun : ['one', 'ones'];
      const object = `the ${n.toLocaleString(locale)} ${what} ${n === 1 ? one : many}`;
      return [`${verb} ${object}`, `${past} ${object}`];
    });
}

/**
 * The day the export shows, which its values hold from: the file's modification date until the user
 * gives another. What the server says against it (a day in the future, one before every row's date)
 * is said here, beside it.
 */
export function AsOfField(p: { value: string; note: string | null; error: AppError | null; onChange(day: string): void }) {
  return (
    <div class="as-of">
      <label class="field" for="as-of-date">
        As of
        <input
          id="as-of-date"
          type="date"
          value={p.value}
          required
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={`as-of-hint${p.error ? ' as-of-error' : ''}${p.note ? ' as-of-note' : ''}`}
          onChange={(e) => p.onChange(e.currentTarget.value)}
        />
      </label>
      <p id="as-of-hint" class="muted">
        The day the export was made: at first the file's modification date. Its values count from that day.
      </p>
      {p.error && (
        <p id="as-of-error" class="notice error as-of-error" role="alert">
          {p.error.message}
        </p>
      )}
      {p.note && (
        <p id="as-of-note" class="notice warn as-of-note">
          {p.note}
        </p>
      )}
    </div>
  );
}

export function PreviewStep(p: {
  preview: ImportResult;
  /** The import of this same file before, if any: said in its place of the usual notes. */
  earlier: EarlierImport | null;
  /** A note of the import's that the wizard already shows in its place (beside the as-of date). */
  saidAbove: string | null;
  missing: 'keep' | 'delete';
  onMissing(m: 'keep' | 'delete'): void;
  locale: string;
}) {
  const { preview: r, locale } = p;
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <div class="step-body">
      {p.earlier !== null && <ImportedBefore earlier={p.earlier} preview={r} locale={locale} />}
      <RecordCounts result={r} locale={locale} />
      {p.earlier !== null ? null : r.identity === null ? (
        <p class="notice warn identity-warning">
          This file has no {idNames(r.dataset)} column, so its rows are added as they are: importing it again would add them again.
        </p>
      ) : (
        !changesAnything(r) && (
          <p class="notice ok" role="status">
            Nothing to import: the workbook already has {r.unchanged === 1 ? 'the record' : `all ${n(r.unchanged)} records`} of this file as{' '}
            {r.unchanged === 1 ? 'it is' : 'they are'}.
          </p>
        )
      )}
      {r.identity !== null && r.missing_from_file > 0 && <MissingRecords result={r} missing={p.missing} onMissing={p.onMissing} locale={locale} />}
      <ChangeSample result={r} locale={locale} />
      <Notes warnings={r.warnings} notes={r.notes.filter((n) => n !== p.saidAbove)} />
      {r.problems.length > 0 && (
        <>
          <h3>Rows left out, and why</h3>
          {r.problems.length < r.rejected && (
            <p class="muted">
              The first {n(r.problems.length)} of {n(r.rejected)}.
            </p>
          )}
          <LocalTable
            caption="Rejected rows"
            columns={['Row', 'Column', 'Value', 'Reason']}
            rows={r.problems.map((pr) => [pr.row, pr.column, pr.value, pr.reason])}
            locale={locale}
            limit={10}
          />
          <p class="sr-only">{r.problems.slice(0, 3).map(describeRowProblem).join('. ')}</p>
        </>
      )}
    </div>
  );
}

function Count({ what, value, label, bad }: { what: string; value: string; label: string; bad?: boolean }) {
  return (
    <div class={`stat${bad ? ' bad' : ''}`} data-count={what}>
      <span class="stat-value">{value}</span> {label}
    </div>
  );
}

/** What the import will do to the records, before anything is written. */
function RecordCounts({ result: r, locale }: { result: ImportResult; locale: string }) {
  const n = (v: number) => v.toLocaleString(locale);
  // Every record the workbook has now is either in the file (changed or not) or missing from it.
  const inWorkbook = r.changed + r.unchanged + r.missing_from_file;
  return (
    <>
      {r.identity !== null && (
        <p class="match-basis">
          Records are matched by {r.identity.map((f) => field(r.dataset, f)?.label ?? f).join(' + ')}{' '}
          {inWorkbook > 0 ? `against the ${n(inWorkbook)} in the workbook` : '(the workbook has none yet)'}.
          {changesAnything(r) && ' Nothing is written until you import.'}
        </p>
      )}
      <div class="record-counts" aria-label="What this import will do">
        {r.identity === null ? (
          <Count what="added" value={n(r.added)} label={r.added === 1 ? 'row to add' : 'rows to add'} />
        ) : (
          <>
            <Count what="added" value={n(r.added)} label="new" />
            <Count what="changed" value={n(r.changed)} label="changed" />
            <Count what="unchanged" value={n(r.unchanged)} label="unchanged" />
            {r.removed > 0 && <Count what="removed" value={n(r.removed)} label="to remove" />}
          </>
        )}
        {r.rejected > 0 && <Count what="rejected" value={n(r.rejected)} label={r.rejected === 1 ? 'row left out' : 'rows left out'} bad />}
      </div>
    </>
  );
}

/** Records the file lacks stay unless the user says the file is a complete export. */
function MissingRecords({
  result: r,
  missing,
  onMissing,
  locale,
}: {
  result: ImportResult;
  missing: 'keep' | 'delete';
  onMissing(m: 'keep' | 'delete'): void;
  locale: string;
}) {
  const records = count(r.missing_from_file, 'record', 'records', locale);
  const isAre = r.missing_from_file === 1 ? 'is' : 'are';
  return (
    <div class="missing-records">
      <p data-count="missing">
        {records} in the workbook {isAre} not in this file:{' '}
        {missing === 'delete'
          ? `${r.missing_from_file === 1 ? 'it' : 'they'} will be removed.`
          : `${r.missing_from_file === 1 ? 'it stays' : 'they stay'} (exports are often filtered).`}
      </p>
      <label class="check">
        <input type="checkbox" checked={missing === 'delete'} onChange={(e) => onMissing(e.currentTarget.checked ? 'delete' : 'keep')} /> This file is a
        complete export: remove the {records} it lacks
      </label>
    </div>
  );
}

function ChangeSample({ result: r, locale }: { result: ImportResult; locale: string }) {
  if (r.changes.length === 0) return null;
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <section class="change-sample" aria-labelledby="change-sample-h">
      <h3 id="change-sample-h">What changes</h3>
      {r.changes.length < r.changed && (
        <p class="muted">
          The first {n(r.changes.length)} of {n(r.changed)} changed records.
        </p>
      )}
      <ul>
        {r.changes.map((c) => (
          <li key={c.row}>{describeRecordChange(r.dataset, c)}</li>
        ))}
      </ul>
    </section>
  );
}

/** The import's outcome, and its undo saying what it will do (and, once done, what it did). */
export function ResultStep(p: { result: ImportResult; undone: boolean; busy: boolean; onUndo(): void; children?: ComponentChildren; locale: string }) {
  const { result: r, locale } = p;
  const n = (v: number) => v.toLocaleString(locale);
  const effects = undoEffects(r, locale);
  const leftOut = r.rejected > 0 ? ` ${count(r.rejected, 'row', 'rows', locale)} of the file ${r.rejected === 1 ? 'was' : 'were'} left out.` : '';
  return (
    <div class="step-body result">
      <p class="notice ok" role="status">
        {r.batchId === null
          ? 'Nothing changed: the workbook already has these records as they are.'
          : p.undone
            ? `Batch ${r.batchId} is undone: ${listed(effects.map(([, past]) => past))}.`
            : `Added ${n(r.added)}, changed ${n(r.changed)}, removed ${n(r.removed)} (batch ${r.batchId}).${leftOut}`}
      </p>
      {r.batchId !== null && !p.undone && (
        <p class="result-as-of">
          As of <time dateTime={r.asOf}>{r.asOf}</time>: the records hold this export's values from that day.
        </p>
      )}
      <div class="actions">
        {!p.undone && r.batchId !== null && (
          <button type="button" class="secondary" disabled={p.busy} onClick={p.onUndo}>
            Undo this import: {listed(effects.map(([present]) => present))}
          </button>
        )}
        {p.children}
      </div>
    </div>
  );
}
