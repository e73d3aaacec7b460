/** What a face (the desktop window, browser mode) needs from the app: the one place electron/ and serve/ meet the service table and the session. */
import { apiNames, type ApiName } from '../shared/api-names';
import type { Result } from '../shared/result';
import { callService } from './services';
import type { Session } from './session';

export interface FaceBackend {
  readonly names: readonly string[];
  call(name: string, input: unknown): Promise<Result<unknown>>;
  /** An opaque id for a file on this machine (a dropped file, an upload the server wrote); `name` when its path's own is not the one to show. */
  registerFile(path: string, name?: string): string;
  /** The file behind an id, or null when the id is unknown; asked by browser mode's downloads, never by the desktop face. */
  fileFor?(id: string): { path: string; name: string } | null;
  /** Contract events (job.progress, workbook.changed); returns an unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export function faceBackend(session: Session): Required<FaceBackend> {
  return {
    names: apiNames,
    call: (name, input) => callService(session, name as ApiName, input),
    registerFile: (path, name) => session.registerFile(path, name),
    fileFor(id) {
      try {
        return session.resolveFile({ id });
      } catch {
        return null;
      }
    },
    onEvent: (listener) => session.on(listener),
  };
}
