/**
 * The import wizard: pick or drop a file → dataset and mapping → the reading of its labels → check of
 * what the import will do to the records (new, changed, unchanged, missing) and the day the export
 * shows → import with progress and cancel → result with undo. Every choice the user makes is an ImportOptions entry of the
 * contract; the server re-reads the file for each step.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImportOptions, ImportResult, Inspection } from '../../shared/api';
import { dataset as declared, type DatasetName } from '../../shared/datasets/catalog';
import { labelFieldsOf, type ValueLabels } from '../../shared/datasets/value-map';
import { pastNote } from '../../shared/datasets/changes';
import { importExtensions } from '../../shared/import-files';
import type { AppError } from '../../shared/result';
import { call, newJobId, on, upload } from '../client';
import { hrefFor } from '../router';
import { useApp } from '../state';
import { ErrorNote } from '../components/notice';
import { Progress } from '../components/progress';
import { inSentence } from '../dataset-words';
import { CurrencyField, DatasetChoice } from './import-options';
import { addsTwice } from './import-again';
import { AsOfField, changesAnything, importLabel, MappingStep, PreviewStep, ResultStep, ValuesStep, valueKey, type DateOrder } from './import-steps';

export type IncomingFile = { file: File } | { fileId: string; name?: string };

type Step = 'pick' | 'map' | 'values' | 'preview' | 'run' | 'done';
const stepLabels: { step: Step; label: string }[] = [
  { step: 'pick', label: 'File' },
  { step: 'map', label: 'Columns' },
  { step: 'values', label: 'Values' },
  { step: 'preview', label: 'Check' },
  { step: 'run', label: 'Import' },
  { step: 'done', label: 'Done' },
];

interface Choices {
  sheet?: string;
  as?: DatasetName;
  map: Map<string, string>;
  set: Map<string, string>;
  /** Readings of labels the user chose, by valueKey(field, label): [field, label, value]. */
  values: Map<string, [string, string, string]>;
  dateOrders: Map<string, DateOrder>;
  missing: 'keep' | 'delete';
  /** The day the export shows, when the user changed it from the file's modification date. */
  asOf?: string;
  /** The currency of a workbook without data, when the user chose one. */
  currency?: string;
}

const isAsOfError = (e: AppError): boolean => e.details?.option === 'asOf';

const freshChoices = (): Choices => ({ map: new Map(), set: new Map(), values: new Map(), dateOrders: new Map(), missing: 'keep' });

function optionsOf(c: Choices): ImportOptions {
  const o: ImportOptions = {};
  if (c.sheet !== undefined) o.sheet = c.sheet;
  if (c.as !== undefined) o.as = c.as;
  if (c.map.size) o.map = [...c.map];
  const set = [...c.set].filter(([, v]) => v.trim() !== '');
  if (set.length) o.set = set;
  if (c.values.size) o.values = [...c.values.values()];
  if (c.dateOrders.size) o.dateOrders = [...c.dateOrders];
  if (c.missing === 'delete') o.missing = 'delete';
  if (c.asOf !== undefined) o.asOf = c.asOf;
  if (c.currency !== undefined) o.currency = c.currency;
  return o;
}

/** `dataset`: the kind of data chosen before the file (the welcome checklist), read as that dataset. */
export function ImportPage({ incoming, onTaken, dataset }: { incoming: IncomingFile | null; onTaken(): void; dataset?: DatasetName | undefined }) {
  const { face, fmt, info } = useApp();
  const [step, setStep] = useState<Step>('pick');
  const [file, setFile] = useState<{ id: string; name: string } | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [choices, setChoices] = useState<Choices>(freshChoices);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  /** A problem with the as-of date, said beside it rather than above the wizard. */
  const [asOfError, setAsOfError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [job, setJob] = useState<{ id: string; phase: string; done: number; total: number; cancelling: boolean } | null>(null);
  const [undone, setUndone] = useState(false);
  /** Said on the first step after the user chose not to import the file on the Check step. */
  const [left, setLeft] = useState<string | null>(null);
  /** Every label of the file's label columns, counted over all its rows when the Values step is reached with this mapping. */
  const [labels, setLabels] = useState<ValueLabels[] | null>(null);

  const inspect = async (id: string, c: Choices) => {
    setBusy('Reading the file…');
    const r = await call('import.inspect', { file: { id }, options: optionsOf(c) });
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setInspection(r.value);
    setLabels(null);
    setStep((s) => (s === 'pick' ? 'map' : s));
  };

  const start = async (f: IncomingFile) => {
    cancelAsOfCheck();
    setError(null);
    setAsOfError(null);
    setPreview(null);
    setResult(null);
    setUndone(false);
    setLeft(null);
    setStep('pick');
    const fresh: Choices = dataset ? { ...freshChoices(), as: dataset } : freshChoices();
    setChoices(fresh);
    if ('fileId' in f) {
      setFile({ id: f.fileId, name: f.name ?? '' });
      await inspect(f.fileId, fresh);
      return;
    }
    setBusy(`Uploading ${f.file.name}…`);
    const up = await upload(f.file);
    setBusy(null);
    if (!up.ok) {
      setError(up.error);
      return;
    }
    setFile({ id: up.value.id, name: up.value.name });
    await inspect(up.value.id, fresh);
  };

  useEffect(() => {
    if (!incoming) return;
    onTaken();
    void start(incoming);
  }, [incoming]);

  const fileInput = useRef<HTMLInputElement>(null);
  /** The desktop app's native dialog (files.pickOpen); in a browser, the browser's own file chooser. */
  const chooseFile = async () => {
    if (face !== 'electron') {
      fileInput.current?.click();
      return;
    }
    const picked = await call('files.pickOpen', { purpose: 'import' });
    if (!picked.ok) setError(picked.error);
    else if (picked.value) await start({ fileId: picked.value.id, name: picked.value.name });
  };

  useEffect(() => {
    if (!job) return;
    return on('job.progress', (p) => {
      if (p.jobId === job.id) setJob((j) => (j ? { ...j, phase: p.phase, done: p.done, total: p.total } : j));
    });
  }, [job?.id]);

  /** A change that alters the detection (sheet, dataset, a column's field) is inspected again. */
  const change = (next: Choices) => {
    setChoices(next);
    setPreview(null);
    if (file) void inspect(file.id, next);
  };

  const hasValues =
    inspection !== null &&
    labelFieldsOf(
      inspection.dataset,
      inspection.columns.flatMap((c) => (c.field ? [c.field] : [])),
    ).length > 0;

  /** To the Values step: the labels are counted over the whole file once per mapping (a pass over every row). */
  const toValues = async () => {
    if (!file) return;
    setStep('values');
    if (labels) return;
    setBusy('Counting the labels in every row…');
    const r = await call('import.values', { file: { id: file.id }, options: optionsOf(choices) });
    setBusy(null);
    if (r.ok) {
      setLabels(r.value);
      setError(null);
    } else setError(r.error);
  };

  // A checkbox toggled twice quickly starts two checks: only the latest one's answer is shown.
  const previewSeq = useRef(0);
  /** False when the check failed (its error is shown); a check overtaken by a later one leaves the decision to that one. */
  const runPreview = async (c: Choices = choices): Promise<boolean> => {
    if (!file) return false;
    const seq = ++previewSeq.current;
    setStep('preview');
    setBusy('Checking every row…');
    const r = await call('import.preview', { file: { id: file.id }, options: optionsOf(c) });
    if (seq !== previewSeq.current) return true;
    setBusy(null);
    if (r.ok) {
      setPreview(r.value);
      setError(null);
      setAsOfError(null);
    } else if (isAsOfError(r.error)) {
      // The counts on screen were for another day: none are shown until a day the server accepts.
      setPreview(null);
      setError(null);
      setAsOfError(r.error);
    } else setError(r.error);
    return r.ok;
  };

  // Typing a date changes it digit by digit (year 0002, 0020, 0201, 2017): the check waits for a pause,
  // and the counts on screen, which are for the day before, cannot be imported meanwhile.
  const asOfTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancelAsOfCheck = () => {
    clearTimeout(asOfTimer.current);
    setBusy(null);
  };
  const setAsOf = (day: string) => {
    const { asOf: _previous, ...rest } = choices;
    const next: Choices = day === '' ? rest : { ...rest, asOf: day };
    setChoices(next);
    setBusy('Checking every row…');
    clearTimeout(asOfTimer.current);
    asOfTimer.current = setTimeout(() => void runPreview(next), 400);
  };
  useEffect(() => () => clearTimeout(asOfTimer.current), []);

  /** Another currency changes which amounts are read: checked again. */
  const setCurrency = (currency: string) => {
    const next = { ...choices, currency };
    setChoices(next);
    // The counts on screen were for the other currency: none are shown until the check in this one.
    setPreview(null);
    void runPreview(next);
  };

  /** Removing what the file lacks changes the counts: checked again, and left as it was if the check fails. */
  const setMissing = async (missing: Choices['missing']) => {
    const before = choices;
    const next = { ...choices, missing };
    setChoices(next);
    if (!(await runPreview(next))) setChoices(before);
  };

  const runImport = async (again = false) => {
    if (!file) return;
    const id = newJobId();
    setJob({ id, phase: 'starting', done: 0, total: 0, cancelling: false });
    setStep('run');
    setError(null);
    const r = await call('import.run', { file: { id: file.id }, options: { ...optionsOf(choices), ...(again ? { again } : {}) }, jobId: id });
    setJob(null);
    if (r.ok) {
      setResult(r.value);
      setStep('done');
    } else {
      if (isAsOfError(r.error)) setAsOfError(r.error);
      else setError(r.error);
      setStep('preview');
    }
  };

  /** Back to the first step without importing, saying so when the file was one the user chose not to import. */
  const leave = (said: string | null) => {
    cancelAsOfCheck();
    setPreview(null);
    setLeft(said);
    setStep('pick');
  };

  const cancel = async () => {
    if (!job) return;
    setJob({ ...job, cancelling: true });
    await call('jobs.cancel', { jobId: job.id });
  };

  const undo = async () => {
    if (result?.batchId == null) return;
    setBusy('Undoing the import…');
    const r = await call('import.undo', { batch: result.batchId });
    setBusy(null);
    if (r.ok) setUndone(true);
    else setError(r.error);
  };

  const current = stepLabels.findIndex((s) => s.step === step);
  const shownSteps = stepLabels.filter((s) => s.step !== 'values' || hasValues);
  const fileName = inspection?.fileName ?? file?.name ?? '';
  const stageColumn = inspection?.dataset === 'deals' ? inspection.columns.find((c) => c.field === 'stage')?.header : undefined;
  const stageForecast = stageColumn !== undefined && info ? { stageColumn, settings: info.settings, readOnly: info.readOnly } : null;
  const earlier = inspection?.duplicateOf ?? null;
  const twice = addsTwice(earlier, preview);
  // An export older than the newest one slots into the past (records matched by key only): said beside its date.
  const asOf = choices.asOf ?? inspection?.asOf ?? '';
  const latest = inspection && (preview ?? inspection).identity !== null ? inspection.latestAsOf : null;
  const pastNoteShown = inspection && latest !== null && asOf < latest ? pastNote(inspection.dataset, asOf, latest, choices.missing === 'delete') : null;

  return (
    <section class="page import">
      <div class="page-head">
        <h1>Import</h1>
        {fileName && <span class="muted">{fileName}</span>}
      </div>
      <ol class="stepper" aria-label="Import steps">
        {shownSteps.map((s) => {
          const i = stepLabels.findIndex((x) => x.step === s.step);
          return (
            <li key={s.step} class={i === current ? 'current' : i < current ? 'done' : ''} aria-current={i === current ? 'step' : undefined}>
              {s.label}
            </li>
          );
        })}
      </ol>

      {error && <ErrorNote error={error} />}
      {error?.details?.option === 'as' && file && step === 'pick' && <DatasetChoice onChoose={(as) => change({ ...freshChoices(), as })} />}
      {busy && (
        <p class="muted" role="status">
          {busy}
        </p>
      )}

      {step === 'pick' && (
        <div class="step-body">
          {left && (
            <p class="notice ok" role="status">
              {left}
            </p>
          )}
          {dataset && (
            <p>
              Choose the file with your {inSentence(declared(dataset).summary)}. <a href={hrefFor('import')}>Another kind of file</a>
            </p>
          )}
          <div class="dropzone">
            <span>
              {face === 'electron'
                ? 'Drop a CSV or Excel file onto this window, use File → Import… (Ctrl+I), or choose one:'
                : 'Drop a CSV or Excel file anywhere on this page, or choose one:'}
            </span>
            <button type="button" onClick={() => void chooseFile()}>
              Choose file…
            </button>
            {face !== 'electron' && (
              <input
                ref={fileInput}
                type="file"
                hidden
                accept={importExtensions.map((e) => `.${e}`).join(',')}
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  if (f) void start({ file: f });
                  e.currentTarget.value = '';
                }}
              />
            )}
          </div>
          <p class="muted">
            Exports from HubSpot, Salesforce, Pipedrive, Zoho, Dynamics, Freshsales, Insightly, Zendesk, Freshdesk, ServiceNow and spreadsheets of your own are
            recognised by their column names.
          </p>
        </div>
      )}

      {step === 'map' && inspection && (
        <>
          <MappingStep
            inspection={inspection}
            setValues={choices.set}
            dateOrders={choices.dateOrders}
            locale={fmt.locale}
            onSheet={(sheet) => change({ ...freshChoices(), sheet })}
            onDataset={(as) => change({ ...freshChoices(), sheet: choices.sheet, as })}
            onField={(header, field) => change({ ...choices, map: new Map(choices.map).set(header, field) })}
            onSet={(field, value, commit) => {
              const next = { ...choices, set: new Map(choices.set).set(field, value) };
              if (commit) change(next);
              else setChoices(next);
            }}
            onRemoveSet={(field) => {
              const set = new Map(choices.set);
              set.delete(field);
              change({ ...choices, set });
            }}
            onDateOrder={(header, order) => {
              const d = new Map(choices.dateOrders);
              if (order === '') d.delete(header);
              else d.set(header, order);
              setChoices({ ...choices, dateOrders: d });
            }}
          />
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setStep('pick')}>
              Choose another file
            </button>
            <button type="button" disabled={busy !== null} onClick={() => void (hasValues ? toValues() : runPreview())}>
              Next
            </button>
          </div>
        </>
      )}

      {step === 'values' && (
        <>
          {labels && (
            <ValuesStep
              fields={labels}
              chosen={new Map([...choices.values].map(([k, [, , v]]) => [k, v]))}
              locale={fmt.locale}
              forecast={stageForecast}
              onValue={(field, label, value) => setChoices({ ...choices, values: new Map(choices.values).set(valueKey(field, label), [field, label, value]) })}
            />
          )}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setStep('map')}>
              Back
            </button>
            <button type="button" disabled={busy !== null} onClick={() => void runPreview()}>
              Next
            </button>
          </div>
        </>
      )}

      {step === 'preview' && (
        <>
          {inspection && <AsOfField value={choices.asOf ?? inspection.asOf} note={pastNoteShown} error={asOfError} onChange={setAsOf} />}
          {inspection?.currency.open && (
            <CurrencyField
              currency={preview?.currency ?? inspection.currency}
              value={choices.currency ?? preview?.currency.code ?? inspection.currency.code}
              locale={fmt.locale}
              onChange={setCurrency}
            />
          )}
          {preview && (
            <PreviewStep
              preview={preview}
              earlier={earlier}
              saidAbove={pastNoteShown}
              missing={choices.missing}
              onMissing={(m) => void setMissing(m)}
              locale={fmt.locale}
            />
          )}
          <div class="actions">
            <button
              type="button"
              class="secondary"
              onClick={() => {
                cancelAsOfCheck();
                setStep(hasValues ? 'values' : 'map');
              }}
            >
              Back
            </button>
            {twice ? (
              // The same rows twice is only ever on purpose: not importing is the one action offered first.
              <>
                <button type="button" class="secondary" disabled={busy !== null} onClick={() => void runImport(true)}>
                  Import again anyway
                </button>
                <button type="button" onClick={() => leave(`Nothing imported: the workbook keeps ${fileName} as batch ${earlier?.batch} has it.`)}>
                  Don't import
                </button>
              </>
            ) : preview && !changesAnything(preview) ? (
              <button type="button" onClick={() => leave(null)}>
                Choose another file
              </button>
            ) : (
              <button type="button" disabled={!preview || busy !== null} onClick={() => void runImport()}>
                {preview ? importLabel(preview, fmt.locale) : 'Import'}
              </button>
            )}
          </div>
        </>
      )}

      {step === 'run' && job && (
        <Progress
          label={`Importing ${fileName}`}
          phase={job.phase}
          done={job.done}
          total={job.total}
          onCancel={() => void cancel()}
          cancelling={job.cancelling}
        />
      )}

      {step === 'done' && result && (
        <ResultStep result={result} undone={undone} busy={busy !== null} onUndo={() => void undo()} locale={fmt.locale}>
          <a class="button" href={hrefFor('dashboard')}>
            Go to the dashboard
          </a>
          <button type="button" class="secondary" onClick={() => setStep('pick')}>
            Import another file
          </button>
        </ResultStep>
      )}
    </section>
  );
}
