/**
 * The period and comparison the user chose for the open workbook, read once per workbook and
 * remembered through view.set. A workbook without data remembers nothing: its first import then
 * opens on the default period (the latest complete quarter of its data), not on a choice made while
 * every period was empty.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ViewChoice, WorkbookInfo } from '../shared/api';
import { call } from './client';

export interface View {
  /** Null while the choice for the open workbook is being read. */
  choice: ViewChoice | null;
  choose(change: Partial<ViewChoice>): void;
}

const none: ViewChoice = { period: null, compare: null };

export function useView(info: WorkbookInfo | null): View {
  const [state, setState] = useState<{ path: string; choice: ViewChoice } | null>(null);
  const path = info?.path ?? null;
  const hasData = info?.hasData ?? false;
  useEffect(() => {
    if (path === null) return;
    if (!hasData) {
      setState({ path, choice: none });
      return;
    }
    let current = true;
    void call('view.get', {}).then((r) => {
      if (current) setState({ path, choice: r.ok ? r.value : none });
    });
    return () => {
      current = false;
    };
    // Read once per workbook; its data coming or going only drops the choice (below).
  }, [path]);
  const was = useRef({ path, hasData });
  useEffect(() => {
    const before = was.current;
    was.current = { path, hasData };
    if (path !== null && before.path === path && before.hasData !== hasData) setState({ path, choice: none });
  }, [path, hasData]);
  const choice = state?.path === path ? state.choice : null;
  const choose = (change: Partial<ViewChoice>) => {
    setState((s) => (s ? { ...s, choice: { ...s.choice, ...change } } : s));
    if (hasData) void call('view.set', change);
  };
  return { choice, choose };
}
