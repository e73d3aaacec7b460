/** The desktop face's view of the service table and the session: the one place electron/ meets the app. */
import { apiNames, type ApiName } from '../../shared/api-names';
import { callService } from '../services';
import type { Session } from '../session';
import type { IpcBackend } from './ipc';

export function ipcBackend(session: Session): IpcBackend {
  return {
    names: apiNames,
    call: (name, input) => callService(session, name as ApiName, input),
    registerFile: (path) => session.registerFile(path),
    onEvent: (listener) => session.on(listener),
  };
}
