/** Progress of a long job (import, report) with its cancel button. */
export interface ProgressProps {
  label: string;
  phase: string;
  done: number;
  total: number;
  onCancel?: () => void;
  cancelling?: boolean;
}

export function Progress({ label, phase, done, total, onCancel, cancelling }: ProgressProps) {
  const known = total > 0;
  const pct = known ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div class="progress" role="status" aria-live="polite">
      <div class="progress-label">
        <span>{label}</span>
        <span class="muted">
          {phase}
          {pct !== null ? ` · ${pct}%` : ''}
        </span>
      </div>
      {known ? <progress max={total} value={done} aria-label={label} /> : <progress aria-label={label} />}
      {onCancel && (
        <button type="button" class="secondary" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
