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
  /**
   * The period and comparison the user chose for this workbook (remembered across restarts through
   * view.set), so every page opens on them; null: none chosen, the app's default period applies.
   */
  period: string | null;
  compare: Compare | null;
  setPeriod(id: string): void;
  setCompare(compare: Compare): void;
}

export type Compare = 'previous' | 'year';

export const fallbackFormat: FormatOptions = { locale: 'en-US', currency: 'USD' };

export const AppContext = createContext<AppState>({
  face: 'serve',
  info: null,
  catalogue: [],
  fmt: fallbackFormat,
  fiscalStart: 1,
  period: null,
  compare: null,
  setPeriod: () => undefined,
  setCompare: () => undefined,
});

export const useApp = (): AppState => useContext(AppContext);
