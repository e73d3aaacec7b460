/**
 * Face 1's transport: one `ipcMain.handle('kpi:' + name)` per call of the contract, each checking
 * who is calling (the main frame of our own page, nothing else: any other frame or page could be
 * hostile content, and Electron delivers its messages all the same) before the service
 * table validates the payload against its schema. Failures come back as error values, never as thrown
 * errors (Electron would keep only the message). Contract events are forwarded to trusted windows.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { stat } from 'node:fs/promises';
import type { Result } from '../../shared/result';
import type { FaceBackend } from '../face-backend';
import { isTrustedAppUrl } from './trusted-url';
import { dropAction, droppedPaths } from './files';
import { CALL_PREFIX, DROP_CHANNEL, EVENT_PREFIX } from './channels';

/** A call the desktop face answers itself (a dialog, say) instead of the service table. */
export type FaceHandler = (input: unknown, sender: WebContents) => Promise<Result<unknown>>;

/** The parts of an invoke event the check reads, so tests can build one without Electron. */
export interface SenderLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** Only the top frame of our app page may call; a subframe, a destroyed frame or any other URL may not. */
export function isTrustedSender(event: SenderLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedAppUrl(frame.url);
}

const refused: Result<never> = {
  ok: false,
  error: { code: 'invalid_input', message: 'This call did not come from the app window and was refused.' },
};

export function registerIpc(
  ipcMain: IpcMain,
  backend: FaceBackend,
  windows: () => readonly WebContents[],
  faceHandlers: ReadonlyMap<string, FaceHandler> = new Map(),
): () => void {
  const channels: string[] = [];
  const handle = (channel: string, run: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) => {
    ipcMain.handle(channel, (event, input: unknown) => (isTrustedSender(event) ? run(event, input) : Promise.resolve(refused)));
    channels.push(channel);
  };

  for (const name of backend.names) {
    const own = faceHandlers.get(name);
    handle(`${CALL_PREFIX}${name}`, (event, input) => (own ? own(input, event.sender) : backend.call(name, input)));
  }

  handle(DROP_CHANNEL, async (event, payload) => {
    const paths = droppedPaths(payload);
    if (paths === null) return refused;
    for (const path of paths) {
      const action = dropAction(path);
      const info = await stat(path).catch(() => null);
      if (action === null || !info?.isFile()) continue;
      event.sender.send(`${EVENT_PREFIX}menu.action`, { action, fileId: backend.registerFile(path) });
    }
    return { ok: true, value: null };
  });

  const unsubscribe = backend.onEvent((name, payload) => {
    for (const wc of windows()) {
      if (!wc.isDestroyed() && isTrustedAppUrl(wc.getURL())) wc.send(`${EVENT_PREFIX}${name}`, payload);
    }
  });

  return () => {
    unsubscribe();
    for (const c of channels) ipcMain.removeHandler(c);
  };
}
