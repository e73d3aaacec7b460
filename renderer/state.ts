/** What every page needs to know about the app: the face, the open workbook and how to format numbers. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { MetricInfo, WorkbookInfo } from '../shared/api';
import type { FormatOptions } from '../shared/format';

export interface AppState {
  face: 'electron' | 'serve' | 'cli';
  info: WorkbookInfo | null;
  catalogue: MetricInfo[];
  fmt: FormatOptions;
  fiscalStart: number;
  /** The period last shown on the dashboard, so the other pages open on it. */
  period: string | null;
  setPeriod(id: string): void;
}

export const fallbackFormat: FormatOptions = { locale: 'en-US', currency: 'USD' };

export const AppContext = createContext<AppState>({
  face: 'serve',
  info: null,
  catalogue: [],
  fmt: fallbackFormat,
  fiscalStart: 1,
  period: null,
  setPeriod: () => undefined,
});

export const useApp = (): AppState => useContext(AppContext);
