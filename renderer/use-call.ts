/** Loads one API result for a page and reloads it when its inputs change; errors stay values. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AppError, Result } from '../shared/result';

export interface Loaded<T> {
  value: T | null;
  error: AppError | null;
  loading: boolean;
  reload(): void;
}

export function useCall<T>(run: () => Promise<Result<T>>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; error: AppError | null; loading: boolean }>({ value: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    run().then((r) => {
      // An older request finishing after a newer one must not overwrite it.
      if (mine !== latest.current) return;
      setState(r.ok ? { value: r.value, error: null, loading: false } : { value: null, error: r.error, loading: false });
    });
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
