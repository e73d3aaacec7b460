/** Browser mode's view of the service table and the session: the one place serve/ meets the app. */
import { apiNames, type ApiName } from '../../shared/api-names';
import { callService } from '../services';
import type { Session } from '../session';
import type { ServeBackend } from './http';

export function serveBackend(session: Session): ServeBackend {
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
