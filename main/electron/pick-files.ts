/**
 * `files.pickOpen` and `files.pickSave` as the desktop face answers them: the native dialog in main,
 * the chosen path registered with the session, and only its id and name sent to the page.
 */
import type { BrowserWindow, Dialog } from 'electron';
import { basename } from 'node:path';
import { api } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import { chooseFile } from './dialogs';
import type { FaceHandler } from './ipc';

type PickName = 'files.pickOpen' | 'files.pickSave';

export function pickFileHandlers(dialog: Dialog, window: () => BrowserWindow | null, registerFile: (path: string) => string): Map<string, FaceHandler> {
  const pick =
    (name: PickName): FaceHandler =>
    async (input): Promise<Result<unknown>> => {
      const parsed = api[name].input.safeParse(input ?? {});
      if (!parsed.success) return fail('invalid_input', `Invalid input for ${name}: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
      const win = window();
      if (win === null) return fail('internal', 'The app window is closed, so no dialog can open.');
      const path = await chooseFile(dialog, win, parsed.data.purpose);
      return { ok: true, value: path === null ? null : { id: registerFile(path), name: basename(path) } };
    };
  return new Map([
    ['files.pickOpen', pick('files.pickOpen')],
    ['files.pickSave', pick('files.pickSave')],
  ]);
}
