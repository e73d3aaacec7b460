/**
 * The import wizard's editing steps, as controlled views over the wizard's state: the file's
 * dataset and column mapping, the stage values of a deals export, and the validation preview.
 */
import type { ImportResult, Inspection } from '../../shared/api';
import { datasetNames, mappableFields, dataset as datasetDef, type DatasetName } from '../../shared/datasets/catalog';
import { describeRowProblem } from '../../shared/result';
import { LocalTable } from '../components/table';

export type DateOrder = 'ymd' | 'mdy' | 'dmy';
export type StageStatus = 'won' | 'lost' | 'open';

export interface MappingProps {
  inspection: Inspection;
  setValues: Map<string, string>;
  dateOrders: Map<string, DateOrder>;
  again: boolean;
  locale: string;
  onSheet(sheet: string): void;
  onDataset(name: DatasetName): void;
  onField(header: string, field: string): void;
  onSet(field: string, value: string): void;
  onDateOrder(header: string, order: DateOrder | ''): void;
  onAgain(again: boolean): void;
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
      {ins.duplicateOf !== null && (
        <div class="notice warn">
          This file was imported before as batch {ins.duplicateOf}.{' '}
          <label class="check">
            <input type="checkbox" checked={p.again} onChange={(e) => p.onAgain(e.currentTarget.checked)} /> Import it again anyway
          </label>
        </div>
      )}
      {[...ins.warnings, ...ins.notes].length > 0 && (
        <ul class="notes">
          {ins.warnings.map((w, i) => (
            <li key={`w${i}`} class="warn-text">
              {w}
            </li>
          ))}
          {ins.notes.map((n, i) => (
            <li key={`n${i}`}>{n}</li>
          ))}
        </ul>
      )}
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
                <th scope="row">{c.header}</th>
                <td class="samples">{c.samples.slice(0, 3).join(' · ')}</td>
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
                </td>
                <td>
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
      {ins.missingRequired.length > 0 && (
        <div class="notice warn">
          <p>
            Required fields with no column: {ins.missingRequired.join(', ')}. Map a column to each, or give one value for every row:
          </p>
          {ins.missingRequired.map((f) => (
            <label key={f} class="field-inline">
              {f}
              <input value={p.setValues.get(f) ?? ''} onInput={(e) => p.onSet(f, e.currentTarget.value)} />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

export function StagesStep({ stages, onStage }: { stages: { label: string; status: StageStatus }[]; onStage(label: string, s: StageStatus): void }) {
  return (
    <div class="step-body">
      <p>Each stage in the file counts as won, lost or open. Change any that were read wrongly.</p>
      <table class="data stages">
        <caption class="sr-only">Stage values</caption>
        <thead>
          <tr>
            <th scope="col">Stage in the file</th>
            <th scope="col">Counts as</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td>
                <select aria-label={`Status for stage ${s.label}`} value={s.status} onChange={(e) => onStage(s.label, e.currentTarget.value as StageStatus)}>
                  <option value="won">won</option>
                  <option value="lost">lost</option>
                  <option value="open">open</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PreviewStep({ preview, locale }: { preview: ImportResult; locale: string }) {
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <div class="step-body">
      <div class="stats">
        <div class="stat">
          <span class="stat-value accepted-count">{n(preview.accepted)}</span> rows will be imported
        </div>
        <div class={`stat${preview.rejected > 0 ? ' bad' : ''}`}>
          <span class="stat-value rejected-count">{n(preview.rejected)}</span> rows will be left out
        </div>
      </div>
      {[...preview.warnings, ...preview.notes].length > 0 && (
        <ul class="notes">
          {[...preview.warnings, ...preview.notes].map((t, i) => (
            <li key={i}>{t}</li>
          ))}
        </ul>
      )}
      {preview.problems.length > 0 && (
        <>
          <h3>Rows left out, and why</h3>
          {preview.problems.length < preview.rejected && (
            <p class="muted">
              The first {n(preview.problems.length)} of {n(preview.rejected)}.
            </p>
          )}
          <LocalTable
            caption="Rejected rows"
            columns={['Row', 'Column', 'Value', 'Reason']}
            rows={preview.problems.map((pr) => [pr.row, pr.column, pr.value, pr.reason])}
            locale={locale}
            limit={10}
          />
          <p class="sr-only">{preview.problems.slice(0, 3).map(describeRowProblem).join('. ')}</p>
        </>
      )}
    </div>
  );
}
