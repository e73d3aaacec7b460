/** An error value shown as the sentence it carries, with what to do where the code says. */
import type { AppError } from '../../shared/result';

export function ErrorNote({ error, title }: { error: AppError; title?: string }) {
  return (
    <div class="notice error" role="alert">
      {title && <strong>{title} </strong>}
      {error.message}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}
