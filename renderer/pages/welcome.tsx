/**
 * A workbook without data: one first step (import a file), the sample company to look around first,
 * and the kinds of data as a checklist, each leading to the import with that dataset chosen. The
 * kinds that feed the most KPIs come first; the rest wait behind "more".
 */
import { useState } from 'preact/hooks';
import { dataset, datasetNames, type DatasetName } from '../../shared/datasets/catalog';
import type { AppError } from '../../shared/result';
import { call } from '../client';
import { hrefFor } from '../router';
import { useApp } from '../state';
import { ErrorNote } from '../components/notice';
import { kpisUsing } from '../dataset-words';

/** The kinds shown at once; the others are one click away. */
const SHOWN = 6;

export function Welcome() {
  const { catalogue, info } = useApp();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const ranked = [...datasetNames].map((ds) => ({ ds, kpis: kpisUsing(catalogue, ds) })).sort((a, b) => b.kpis - a.kpis);
  const openSample = async () => {
    setBusy(true);
    const r = await call('workbook.openSample', {});
    setBusy(false);
    if (!r.ok) setError(r.error);
  };
  const item = ({ ds, kpis }: { ds: DatasetName; kpis: number }) => (
    <li key={ds}>
      <a href={hrefFor('import', { dataset: ds })}>{dataset(ds).summary}</a>
      <span class="muted"> — used by {kpis === 1 ? '1 KPI' : `${kpis} KPIs`}</span>
    </li>
  );
  return (
    <section class="page welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to {info?.settings.company_name || info?.name || 'your workbook'}</h1>
      <p>This workbook has no data yet. Import an export from a tool you use and its KPIs fill in; nothing leaves this computer.</p>
      <div class="actions">
        <a class="button" href={hrefFor('import')}>
          Import your first file
        </a>
        <button type="button" class="secondary" onClick={() => void openSample()} disabled={busy}>
          {busy ? 'Opening…' : 'Open the sample company'}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      <h2>What you can import</h2>
      <ul class="checklist">{ranked.slice(0, SHOWN).map(item)}</ul>
      <details>
        <summary>{ranked.length - SHOWN} more kinds of data</summary>
        <ul class="checklist">{ranked.slice(SHOWN).map(item)}</ul>
      </details>
    </section>
  );
}
