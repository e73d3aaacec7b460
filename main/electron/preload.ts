/**
 * The only door from the page to main: `window.kpi = { call, on }`, for names in the contract's list
 * and nothing else (no ipcRenderer, no process, no paths). Bundled to one CommonJS file so it runs
 * under `sandbox: true`. Dropped files are read here, because only the preload can turn a dropped
 * File into its path; the page gets a `menu.action` event with an opaque id instead.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { apiNames, eventNames } from '../../shared/api-names';
import { CALL_PREFIX, DROP_CHANNEL, EVENT_PREFIX } from './channels';

/** The few DOM shapes used here; main/ compiles without the DOM library. */
interface DropEventLike {
  preventDefault(): void;
  dataTransfer: { files: ArrayLike<Parameters<typeof webUtils.getPathForFile>[0]> } | null;
}
declare const window: { addEventListener(type: 'dragover' | 'drop', listener: (event: DropEventLike) => void): void };

const calls = new Set<string>(apiNames);
const events = new Set<string>(eventNames);

const kpi = {
  call(name: string, input: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !calls.has(name)) {
      return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `Unknown call ${String(name)}.` } });
    }
    return ipcRenderer.invoke(`${CALL_PREFIX}${name}`, input);
  },
  on(event: string, callback: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event ${String(event)}.`);
    if (typeof callback !== 'function') throw new Error('on() needs a callback function.');
    const channel = `${EVENT_PREFIX}${event}`;
    const listener = (_e: IpcRendererEvent, payload: unknown) => callback(payload);
    ipcRenderer.on(channel, listener);
    return () => {
      ipcRenderer.removeListener(channel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('kpi', kpi);

window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => {
  event.preventDefault();
  const files = Array.from(event.dataTransfer?.files ?? []);
  const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
  if (paths.length > 0) void ipcRenderer.invoke(DROP_CHANNEL, paths);
});
