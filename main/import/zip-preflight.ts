/**
 * ZIP pre-flight for XLSX files: yauzl reads only the central directory, and
 * the archive is refused in milliseconds when its entry count, declared sizes or compression ratios
 * say "bomb". Parts are then read by name, in any order, each stopped as soon as it inflates past its
 * declared size.
 */
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppFailure } from '../../shared/result';
import { MAX_ENTRIES, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_INFLATED_BYTES, RATIO_CHECK_ABOVE_BYTES } from './limits';

export interface Zip {
  /** Entries by part name (no leading slash), as in the central directory. */
  readonly entries: ReadonlyMap<string, Entry>;
  /** The entry's inflated bytes; fails past the declared size, and short of it at the end. */
  chunks(entry: Entry): AsyncGenerator<Buffer>;
  close(): void;
}

/**
 * Inflated bytes per chunk. zlib's default 16 KiB made its callbacks and the stream plumbing cost as
 * much as the inflating; at 256 KiB a 40 MB sheet takes half the CPU.
 */
const INFLATE_CHUNK_BYTES = 256 * 1024;

const MB = (n: number): string => `${Math.round(n / (1024 * 1024)).toLocaleString('en-US')} MB`;

export async function openZip(path: string, fileName: string): Promise<Zip> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true });
  } catch (e) {
    throw damaged(fileName, e);
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw new AppFailure(
        'import_too_large',
        `${fileName} holds ${zip.entryCount.toLocaleString('en-US')} files inside; an Excel workbook has far fewer than ${MAX_ENTRIES.toLocaleString('en-US')}, so it was not opened`,
        { file: fileName },
      );
    }
    const entries = new Map<string, Entry>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      check(entry, fileName);
      total += entry.uncompressedSize;
      if (total > MAX_TOTAL_INFLATED_BYTES) {
        throw new AppFailure(
          'import_too_large',
          `${fileName} would inflate to more than ${MB(MAX_TOTAL_INFLATED_BYTES)}, so it was not opened (a file this size cannot hold that much real data)`,
          { file: fileName },
        );
      }
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
    }
    return {
      entries,
      chunks: (entry) => inflated(zip, entry, fileName),
      close: () => zip.close(),
    };
  } catch (e) {
    zip.close();
    if (e instanceof AppFailure) throw e;
    throw damaged(fileName, e);
  }
}

/** yauzl's own inflating (with validateEntrySizes) in bigger chunks, through one stream fewer. */
async function* inflated(zip: ZipFile, entry: Entry, fileName: string): AsyncGenerator<Buffer> {
  let raw: Readable;
  try {
    raw = await zip.openReadStreamPromise(entry, entry.compressionMethod === 8 ? { decompress: false } : {});
  } catch (e) {
    throw damaged(fileName, e);
  }
  if (entry.compressionMethod !== 8) {
    try {
      yield* raw as AsyncIterable<Buffer>;
    } finally {
      raw.destroy();
    }
    return;
  }
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
  raw.on('error', (e) => inflate.destroy(e));
  raw.pipe(inflate);
  const expected = entry.uncompressedSize;
  let got = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      got += chunk.length;
      if (got > expected) throw new Error(`too many bytes in the stream. expected ${expected}. got at least ${got}`);
      yield chunk;
    }
    if (got < expected) throw new Error(`not enough bytes in the stream. expected ${expected}. got only ${got}`);
  } finally {
    raw.unpipe(inflate);
    raw.destroy();
    inflate.destroy();
  }
}

function check(entry: Entry, fileName: string): void {
  const part = entry.fileName;
  if (entry.isEncrypted()) {
    throw new AppFailure('import_encrypted', `${fileName} is encrypted: remove the password and import again`, { file: fileName, part });
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new AppFailure(
      'import_unreadable',
      `${fileName} uses a compression this app cannot read (method ${entry.compressionMethod} in ${part}): open it in Excel and save it again`,
      { file: fileName, part },
    );
  }
  if (entry.uncompressedSize > MAX_PART_BYTES) {
    throw new AppFailure(
      'import_too_large',
      `${fileName}: the part ${part} inflates to ${MB(entry.uncompressedSize)}, over the limit of ${MB(MAX_PART_BYTES)}; split the data into smaller files`,
      { file: fileName, part },
    );
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_CHECK_ABOVE_BYTES && ratio > MAX_RATIO) {
    throw new AppFailure(
      'import_too_large',
      `${fileName} looks like a ZIP bomb: the part ${part} claims to inflate ${Math.round(ratio).toLocaleString('en-US')} times (${MB(entry.uncompressedSize)}), more than real spreadsheet data does; it was not opened`,
      { file: fileName, part },
    );
  }
}

/** Any ZIP-level failure, including a part that inflates to more than it declared, while reading. */
export function damaged(fileName: string, e: unknown): AppFailure {
  if (e instanceof AppFailure) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new AppFailure(
    'import_unreadable',
    `${fileName} is damaged or incomplete and cannot be read as an Excel workbook (${why}): open it in Excel and save it again`,
    { file: fileName },
  );
}
