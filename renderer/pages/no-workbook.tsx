/** Nothing is open yet: offer the sample company, so a new user sees a full dashboard at once. */
import { useState } from 'preact/hooks';
import type { AppError } from '../../shared/result';
import { call } from '../client';
import { useApp } from '../state';
import { ErrorNote } from '../components/notice';

export function NoWorkbook() {
  const { face } = useApp();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const openSample = async () => {
    setBusy(true);
    const r = await call('workbook.openSample', {});
    setBusy(false);
    if (!r.ok) setError(r.error);
  };
  return (
    <section class="page narrow">
      <h1>No workbook is open</h1>
      <p>
        {face === 'electron'
          ? 'Open a workbook or create a new one from the File menu, or look around the sample company first.'
          : 'Start `kpiw serve BOOK.kpiw` with a workbook, or look around the sample company first.'}
      </p>
      <button type="button" onClick={openSample} disabled={busy}>
        {busy ? 'Opening…' : 'Open the sample company'}
      </button>
      {error && <ErrorNote error={error} />}
    </section>
  );
}
