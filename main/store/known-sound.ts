import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDir } from '../data-dir';

/**
 * The workbook images (exact bytes, by SHA-256) this app has already found sound: a file whose bytes
 * passed `PRAGMA quick_check` here before, or that this app wrote itself (see writeImage in
 * workbook.ts), needs no second walk over every page. quick_check costs ~1-2 s per 130 MB in sql.js
 * [measured, 1,000,000 deals]; hashing the same bytes ~0.09 s. A hash is a stricter test than
 * quick_check of "is this still what was found sound": one changed byte anywhere (bit rot, another
 * program, a torn copy) makes it unknown, and an unknown image gets the full check.
 *
 * The record is a cache in the app's data folder: if it is missing, unreadable or lost in a race
 * between two processes, the only cost is a full check. Its own I/O goes straight to node:fs, not
 * through the store's fault-injection seam, because its failures are never the user's business.
 */

/** Names what "sound" meant when a record was written; raising it makes older records count for nothing. */
const CHECK = 'header+quick_check-or-written/1';
/** Enough for every workbook a user switches between, small enough to rewrite on each record. */
const MAX_IMAGES = 200;
const FILE_NAME = 'checked-workbooks.json';

const recordSchema = z.object({
  check: z.string(),
  images: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() })).max(MAX_IMAGES * 2),
});
type Image = z.infer<typeof recordSchema>['images'][number];

export const imageHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function readRecord(dir: string): Promise<Image[]> {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(await readFile(join(dir, FILE_NAME), 'utf8')));
    return parsed.success && parsed.data.check === CHECK ? parsed.data.images : [];
  } catch {
    return [];
  }
}

/** Whether an image with this hash and size was found sound before. */
export async function knownSound(sha256: string, size: number, dir = dataDir()): Promise<boolean> {
  return (await readRecord(dir)).some((i) => i.sha256 === sha256 && i.size === size);
}

/** Records within this process one after another, so two opens never drop each other's entry. */
let queue: Promise<void> = Promise.resolve();

/** Adds an image found sound (most recent first); best effort, never throws. */
export function rememberSound(sha256: string, size: number, dir = dataDir()): Promise<void> {
  const run = queue.then(async () => {
    const images = [{ sha256, size }, ...(await readRecord(dir)).filter((i) => i.sha256 !== sha256)].slice(0, MAX_IMAGES);
    const temp = join(dir, `.${FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(temp, JSON.stringify({ check: CHECK, images }), { flag: 'wx' });
      await rename(temp, join(dir, FILE_NAME));
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
    }
  });
  queue = run;
  return run;
}
