/**
 * What the app remembers between runs, in userData/window-state.json: window size and position,
 * maximised or not, the last workbook and the recent list. A damaged or foreign file is ignored (the
 * defaults are used), never trusted.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const size = z.number().int().min(200).max(20_000);
const coordinate = z.number().int().min(-20_000).max(20_000);
const path = z.string().min(1).max(4096);

const schema = z.object({
  bounds: z.object({ x: coordinate.optional(), y: coordinate.optional(), width: size, height: size }),
  maximized: z.boolean(),
  lastWorkbook: path.nullable(),
  recent: z.array(path).max(10),
});

export type WindowState = z.infer<typeof schema>;

export const defaultWindowState: WindowState = {
  bounds: { width: 1280, height: 800 },
  maximized: false,
  lastWorkbook: null,
  recent: [],
};

export const STATE_FILE = 'window-state.json';

export function parseWindowState(text: string): WindowState {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : defaultWindowState;
  } catch {
    return defaultWindowState;
  }
}

/** The workbook opened last goes first; duplicates removed; at most 10 kept. */
export function withRecent(state: WindowState, opened: string): WindowState {
  return { ...state, lastWorkbook: opened, recent: [opened, ...state.recent.filter((p) => p !== opened)].slice(0, 10) };
}

export async function loadWindowState(dir: string): Promise<WindowState> {
  const text = await readFile(join(dir, STATE_FILE), 'utf8').catch(() => null);
  return text === null ? defaultWindowState : parseWindowState(text);
}

/** Written to a temporary file first, so a crash mid-write leaves the previous state readable. */
export async function saveWindowState(dir: string, state: WindowState): Promise<void> {
  const target = join(dir, STATE_FILE);
  const tmp = `${target}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, target);
}
