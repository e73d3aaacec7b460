/**
 * The quarterly Excel report: choose the period, then Save as…: the desktop app asks where in its
 * native dialog (files.pickSave; File → Export report does the same), browser mode writes it and hands
 * it to the browser's download. Progress and cancel while it is written.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Output } from '../../shared/api';
import type { AppError } from '../../shared/result';
import { call, downloadUrl, newJobId, on, startDownload } from '../client';
import { useApp } from '../state';
import { useDefaultPeriod } from '../use-period';
import { PeriodPicker } from '../components/period-picker';
import { Progress } from '../components/progress';
import { ErrorNote, Loading } from '../components/notice';

export function ReportsPage({ exportFile, onTaken }: { exportFile: string | null; onTaken(): void }) {
  const { face, fiscalStart, fmt } = useApp();
  const [period, setPeriod] = useDefaultPeriod();
  const [job, setJob] = useState<{ id: string; phase: string; done: number; total: number; cancelling: boolean } | null>(null);
  const [done, setDone] = useState<Output<'report.export'> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [withData, setWithData] = useState(true);

  useEffect(() => {
    if (!job) return;
    return on('job.progress', (p) => {
      if (p.jobId === job.id) setJob((j) => (j ? { ...j, phase: p.phase, done: p.done, total: p.total } : j));
    });
  }, [job?.id]);

  const run = async (fileId: string | null): Promise<Output<'report.export'> | null> => {
    if (period === null) return null;
    const id = newJobId();
    setJob({ id, phase: 'starting', done: 0, total: 0, cancelling: false });
    setDone(null);
    setError(null);
    const r = await call('report.export', { period, jobId: id, ...(withData ? {} : { dataRowCap: 0 }), ...(fileId ? { file: { id: fileId } } : {}) });
    setJob(null);
    if (r.ok) setDone(r.value);
    else setError(r.error);
    return r.ok ? r.value : null;
  };

  const saveAs = async () => {
    if (face !== 'electron') {
      const written = await run(null);
      if (written?.downloadId) startDownload(written.downloadId, written.fileName);
      return;
    }
    const picked = await call('files.pickSave', { purpose: 'export' });
    if (!picked.ok) setError(picked.error);
    else if (picked.value) await run(picked.value.id);
  };

  useEffect(() => {
    if (exportFile === null || period === null) return;
    onTaken();
    void run(exportFile);
  }, [exportFile, period]);

  if (period === null) return <Loading what="periods" />;
  const desktop = face === 'electron';

  return (
    <section class="page reports">
      <div class="page-head">
        <h1>Reports</h1>
      </div>
      <p>
        One Excel workbook for the period: a summary of every KPI with the previous period, change, target and status; a sheet per area with each KPI's
        numerator, denominator and live formula; the trend over the last 8 periods with charts; the definitions; and, if you keep them, the imported data as
        filterable tables. Where a figure an earlier report published has changed since, a Restatements sheet says what was reported, what it is now and which
        imports changed it.
      </p>
      <div class="toolbar">
        <PeriodPicker value={period} fiscalStart={fiscalStart} onChange={setPeriod} />
        <label>
          <input type="checkbox" checked={withData} onChange={(e) => setWithData(e.currentTarget.checked)} /> Include the data sheets
        </label>
        <button type="button" onClick={() => void saveAs()} disabled={job !== null}>
          Save as…
        </button>
        {desktop && <span class="muted">or File → Export report…</span>}
      </div>
      {job && (
        <Progress
          label="Writing the report"
          phase={job.phase}
          done={job.done}
          total={job.total}
          cancelling={job.cancelling}
          onCancel={() => {
            setJob({ ...job, cancelling: true });
            void call('jobs.cancel', { jobId: job.id });
          }}
        />
      )}
      {error && <ErrorNote error={error} />}
      {done && (
        <div class="notice ok" role="status">
          <p>
            {done.fileName} is ready ({(done.bytes / 1024).toLocaleString(fmt.locale, { maximumFractionDigits: 0 })} KB).
            {done.figures > 0 &&
              done.unrecorded === null &&
              ' Its figures are recorded in the workbook: if a later import changes one, the dashboard and the next report show it as restated.'}
          </p>
          {done.downloadId !== null ? (
            <a class="button download" href={downloadUrl(done.downloadId)} download={done.fileName}>
              Download {done.fileName}
            </a>
          ) : (
            <p class="muted">It was saved where you chose.</p>
          )}
        </div>
      )}
      {done?.unrecorded && (
        <div class="notice warn" role="alert">
          {done.unrecorded}
        </div>
      )}
    </section>
  );
}
