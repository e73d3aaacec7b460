/**
 * Boot: learn the face, the open workbook and the KPI catalogue (three calls in parallel), then
 * route between the pages on the URL hash. Files arrive here from the desktop menu and drops
 * (Electron hands over opaque ids) or from a drop onto the page (browser mode) and go to the import
 * wizard.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MetricInfo, WorkbookInfo } from '../shared/api';
import type { AppError } from '../shared/result';
import { isDatasetName, type DatasetName } from '../shared/datasets/catalog';
import { call, on } from './client';
import { AppContext, fallbackFormat, type AppState } from './state';
import { hrefFor, navigate, useRoute, type PageName } from './router';
import { ErrorNote, Loading } from './components/notice';
import { DashboardPage } from './pages/dashboard';
import { ImportPage, type IncomingFile } from './pages/import';
import { DataPage } from './pages/data';
import { MetricsPage } from './pages/metrics';
import { TargetsPage } from './pages/targets';
import { ReportsPage } from './pages/reports';
import { SettingsPage } from './pages/settings';
import { NoWorkbook } from './pages/no-workbook';
import { useView } from './use-view';

const nav: { page: PageName; label: string }[] = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'import', label: 'Import' },
  { page: 'data', label: 'Data' },
  { page: 'metrics', label: 'Metrics' },
  { page: 'targets', label: 'Targets' },
  { page: 'reports', label: 'Reports' },
  { page: 'settings', label: 'Settings' },
];

/** The Electron menu's file actions that act on the workbook itself. */
async function workbookAction(action: string, fileId: string): Promise<AppError | null> {
  const file = { id: fileId };
  const r =
    action === 'new'
      ? await call('workbook.create', { file })
      : action === 'saveAs'
        ? await call('workbook.saveAs', { file })
        : await call('workbook.open', { file });
  return r.ok ? null : r.error;
}

/** The dataset a link to the import page chose (`#/import?dataset=deals`). */
function chosenDataset(params: URLSearchParams): DatasetName | undefined {
  const ds = params.get('dataset');
  return ds !== null && isDatasetName(ds) ? ds : undefined;
}

function App() {
  const route = useRoute();
  const [base, setBase] = useState<{ face: AppState['face']; catalogue: MetricInfo[] } | null>(null);
  const [info, setInfo] = useState<WorkbookInfo | null>(null);
  const [bootError, setBootError] = useState<AppError | null>(null);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const [incoming, setIncoming] = useState<IncomingFile | null>(null);
  const [exportFile, setExportFile] = useState<string | null>(null);
  const view = useView(info);

  useEffect(() => {
    void Promise.all([call('app.info', {}), call('workbook.info', {}), call('metrics.catalogue', {})]).then(([app, wb, cat]) => {
      const failed = [app, wb, cat].find((r) => !r.ok);
      if (failed && !failed.ok) setBootError(failed.error);
      if (app.ok && cat.ok) setBase({ face: app.value.face, catalogue: cat.value });
      if (wb.ok) setInfo(wb.value);
    });
    const offChanged = on('workbook.changed', (p) => setInfo(p.info));
    const offMenu = on('menu.action', (p) => {
      setActionError(null);
      if (p.action === 'save') {
        void call('workbook.save', {}).then((r) => setActionError(r.ok ? null : r.error));
      } else if (p.fileId === undefined) {
        return;
      } else if (p.action === 'import') {
        setIncoming({ fileId: p.fileId });
        navigate('import');
      } else if (p.action === 'export') {
        setExportFile(p.fileId);
        navigate('reports');
      } else {
        void workbookAction(p.action, p.fileId).then(setActionError);
      }
    });
    return () => {
      offChanged();
      offMenu();
    };
  }, []);

  // After a page change, keyboard and screen-reader users continue in the page, not in the page list.
  const [firstPage] = useState(route.page);
  useEffect(() => {
    if (route.page !== firstPage || document.activeElement !== document.body) document.getElementById('main')?.focus();
  }, [route.page]);

  // Browser mode: a CSV or XLSX dropped anywhere on the page goes to the import wizard.
  useEffect(() => {
    if (base?.face === 'electron') return;
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      setIncoming({ file });
      navigate('import');
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [base?.face]);

  if (bootError && !base) return <ErrorNote error={bootError} title="The app could not start." />;
  if (!base) return <Loading what="KPI Workbook" />;

  const settings = info?.settings;
  const state: AppState = {
    face: base.face,
    info,
    catalogue: base.catalogue,
    fmt: settings ? { locale: settings.locale, currency: settings.currency } : fallbackFormat,
    fiscalStart: settings?.fiscal_year_start_month ?? 1,
    period: view.choice?.period ?? null,
    compare: view.choice?.compare ?? null,
    setPeriod: (period) => view.choose({ period }),
    setCompare: (compare) => view.choose({ compare }),
  };

  const page = () => {
    if (!info) return <NoWorkbook />;
    // The pages open on the remembered period: none is drawn on the default first and then redrawn.
    if (!view.choice) return <Loading what={info.name} />;
    switch (route.page) {
      case 'dashboard':
        return <DashboardPage params={route.params} />;
      case 'import':
        return <ImportPage incoming={incoming} onTaken={() => setIncoming(null)} dataset={chosenDataset(route.params)} />;
      case 'data':
        return <DataPage params={route.params} />;
      case 'metrics':
        return <MetricsPage />;
      case 'targets':
        return <TargetsPage />;
      case 'reports':
        return <ReportsPage exportFile={exportFile} onTaken={() => setExportFile(null)} />;
      case 'settings':
        return <SettingsPage />;
    }
  };

  return (
    <AppContext.Provider value={state}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <div class="shell">
        <header class="topbar">
          <span class="brand">KPI Workbook</span>
          {info && (
            <span class="workbook" title={info.path}>
              {info.settings.company_name || info.name}
              <span class="muted"> · {info.name}</span>
              {info.readOnly && <span class="badge warn">Read-only{info.readOnlyReason ? `: ${info.readOnlyReason}` : ''}</span>}
            </span>
          )}
        </header>
        <nav class="sidebar" aria-label="Pages">
          <ul>
            {nav.map((n) => (
              <li key={n.page}>
                <a href={hrefFor(n.page)} aria-current={route.page === n.page ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {actionError && <ErrorNote error={actionError} />}
          {page()}
        </main>
      </div>
    </AppContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
