/**
 * Browser-mode file upload for imports: the raw request body is streamed to a private temporary
 * folder (never held in memory), stored under a random name, and the caller gets back the opaque id
 * the session hands out. The name the user's file had is kept only as a display name.
 */
import { createWriteStream } from 'node:fs';
import { rm, utimes } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than ${Math.round(limit / 1024 / 1024)} MB, the most browser mode accepts.`);
  }
}

export class BadUpload extends Error {}

const safeExtension = /^\.[a-z0-9]{1,8}$/;

/**
 * The display name from the `X-KPIW-Filename` header (percent-encoded, because header values are
 * Latin-1): only the last path segment survives, control characters are refused.
 */
export function uploadDisplayName(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header.length === 0) throw new BadUpload('Send the file name in the X-KPIW-Filename header.');
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw new BadUpload('The X-KPIW-Filename header is not valid percent-encoding.');
  }
  name = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  if (name === '' || name === '.' || name === '..' || name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new BadUpload('The file name is empty, too long or contains control characters.');
  }
  return name;
}

export interface StoredUpload {
  path: string;
  name: string;
  size: number;
}

/** Streams `req` into `dir` under a random name with the original extension (the importer sniffs content anyway). */
export async function storeUpload(req: IncomingMessage, dir: string, limit: number): Promise<StoredUpload> {
  const name = uploadDisplayName(req.headers['x-kpiw-filename']);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new UploadTooLarge(limit);
  const ext = extname(name).toLowerCase();
  const path = join(dir, `${randomBytes(16).toString('hex')}${safeExtension.test(ext) ? ext : ''}`);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) done(new UploadTooLarge(limit));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    // The stored copy keeps the user's file's modification time (the export's date), not the upload's.
    const modified = Number(req.headers['x-kpiw-modified']);
    if (Number.isFinite(modified) && modified > 0 && modified < 8.64e15) await utimes(path, new Date(), new Date(modified));
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
  return { path, name, size };
}
